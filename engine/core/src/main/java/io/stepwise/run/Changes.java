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
            if (before != null && !ps.matches(before) && ran.contains(ps.id())) {
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
                    + info.procedureFile() + ", " + info.inventoryFile() + ")" + differences(ledger, plan, changed)
                    + "\nPut the files back as they were, or resume with --accept-changes to go on with the edited"
                    + " version (recorded in the run)");
        }
        Map<String, String> data = new LinkedHashMap<>(now);
        known.keySet().stream().filter(k -> !now.containsKey(k)).forEach(k -> data.put(k, ""));
        ledger.event(RunEvent.EventType.CHANGES_ACCEPTED, who, "accepted edits to: " + String.join(", ", changed),
                data);
        planned(ledger, plan);
    }

    /** Records each step's canonical text as planned now, so a later resume can show what changed. */
    public static void planned(Ledger ledger, Plan plan) throws StoreException {
        ledger.event(RunEvent.EventType.PLANNED, null, null, texts(plan));
    }

    /** The event {@link #planned} records, made at {@code at}, for a run's first write. */
    public static RunEvent plannedEvent(Plan plan, java.time.Instant at) {
        return new RunEvent(0, at, RunEvent.EventType.PLANNED, null, null, null, 0, null, null, texts(plan));
    }

    private static Map<String, String> texts(Plan plan) {
        Map<String, String> texts = new LinkedHashMap<>();
        plan.steps().forEach(ps -> {
            if (ps.canonical() != null) {
                texts.put(ps.id(), ps.canonical());
            }
        });
        return texts;
    }

    /** Each changed step's lines as recorded and as planned now (Flyway style: both sides). */
    static String differences(Ledger ledger, Plan plan, List<String> changed) {
        Map<String, String> before = new LinkedHashMap<>();
        ledger.events().stream().filter(e -> e.type() == RunEvent.EventType.PLANNED && e.data() != null)
                .forEach(e -> before.putAll(e.data()));
        StringBuilder sb = new StringBuilder();
        for (PlannedStep ps : plan.steps()) {
            String was = before.get(ps.id());
            if (!changed.contains(ps.id()) || was == null || ps.canonical() == null) {
                continue;
            }
            List<String> old = List.of(was.split("\n"));
            List<String> now = List.of(ps.canonical().split("\n"));
            sb.append("\n  ").append(ps.id()).append(':');
            int shown = 0;
            for (String l : old) {
                if (!now.contains(l) && shown++ < 12) {
                    sb.append("\n    recorded: ").append(l);
                }
            }
            for (String l : now) {
                if (!old.contains(l) && shown++ < 24) {
                    sb.append("\n    now:      ").append(l);
                }
            }
        }
        return sb.toString();
    }
}
