package io.stepwise.run;

import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Detects a procedure or inventory edited since the run started: per-step fingerprints now vs. as
 * recorded (or as last accepted with {@code --accept-changes}). A changed step that already ran stops
 * the resume; one that has not run yet just runs in its new form.
 */
public final class Changes {
    private Changes() {
    }

    public static void check(RunInfo info, Plan plan, Ledger ledger, boolean accept, String who)
            throws RunException, StoreException {
        Map<String, String> known = new LinkedHashMap<>(info.stepFingerprints());
        for (RunEvent e : ledger.events()) {
            if (e.type() == RunEvent.EventType.CHANGES_ACCEPTED && e.data() != null) {
                e.data().forEach((k, v) -> {
                    if (v.isEmpty()) {
                        known.remove(k);
                    } else {
                        known.put(k, v);
                    }
                });
            }
        }
        Set<String> ran = ledger.events().stream().filter(e -> e.type() == RunEvent.EventType.STEP_STATE
                && e.state() != StepState.PENDING).map(RunEvent::stepId).collect(Collectors.toSet());
        List<String> changed = new ArrayList<>();
        Map<String, String> now = new LinkedHashMap<>();
        for (PlannedStep ps : plan.steps()) {
            now.put(ps.id(), ps.fingerprint());
            String before = known.get(ps.id());
            if (before != null && !before.equals(ps.fingerprint()) && ran.contains(ps.id())) {
                changed.add(ps.id());
            }
        }
        for (String id : known.keySet()) {
            if (!now.containsKey(id) && ran.contains(id)) {
                changed.add(id + " (removed)");
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        if (!accept) {
            throw RunException.refused("the procedure or inventory changed since run " + info.id()
                    + " started, in step(s) that already ran: " + String.join(", ", changed) + " (files: "
                    + info.procedureFile() + ", " + info.inventoryFile() + "). Put the files back as they were, or"
                    + " resume with --accept-changes to go on with the edited version (recorded in the run)");
        }
        Map<String, String> data = new LinkedHashMap<>(now);
        known.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> data.put(k, ""));
        ledger.event(RunEvent.EventType.CHANGES_ACCEPTED, who, "accepted edits to: " + String.join(", ", changed),
                data);
    }
}
