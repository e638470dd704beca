package io.stepwise.rehearse;

import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import io.stepwise.view.FinalCheckResult;
import io.stepwise.run.Ledger;
import io.stepwise.run.StepKey;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a run ended, as far as a rehearsal compares runs: the postconditions and state probes (with their
 * captured values), or the step that failed before them.
 *
 * @param checks   by {@code ID@HOST}
 * @param failures steps that failed or were rejected, with the reason
 */
record EndState(Map<String, FinalCheckResult> checks, List<String> failures) {

    static EndState of(RunStore store, String runId, Plan plan) throws StoreException {
        List<RunEvent> events = store.events(runId);
        Map<String, FinalCheckResult> checks = new LinkedHashMap<>();
        FinalCheckResult.latest(events).forEach(r -> checks.put(r.key(), r));
        Ledger ledger = Ledger.load(store, runId, Clock.systemUTC(), Map.of());
        List<String> failures = new ArrayList<>();
        int neverRan = 0;
        for (PlannedStep ps : plan.steps()) {
            for (Host h : ps.hosts()) {
                StepState s = ledger.state(new StepKey(ps.id(), h.name()));
                if (s == StepState.PENDING) {
                    neverRan++;
                } else if (!s.done()) {
                    String note = events.stream().filter(e -> e.type() == RunEvent.EventType.STEP_STATE
                            && ps.id().equals(e.stepId()) && h.name().equals(e.host())).reduce((a, b) -> b)
                            .map(RunEvent::note).orElse(null);
                    failures.add("step " + ps.id() + " on " + h.name() + " is " + s.name().toLowerCase(java.util.Locale.ROOT)
                            + (note == null ? "" : ": " + note));
                }
            }
        }
        if (neverRan > 0) {
            failures.add(neverRan + " step(s) never ran");
        }
        return new EndState(checks, failures);
    }

    /** What differs from {@code clean}, one line each; empty when this run ended as the clean one did. */
    List<String> differences(EndState clean) {
        List<String> out = new ArrayList<>(failures);
        for (FinalCheckResult want : clean.checks.values()) {
            FinalCheckResult got = checks.get(want.key());
            String what = ("state".equals(want.kind()) ? "state '" : "postcondition '") + want.title() + "' on "
                    + want.host();
            if (got == null) {
                if (failures.isEmpty()) {
                    out.add(what + " was not checked");
                }
                continue;
            }
            if (!got.ok()) {
                out.add(what + " failed: " + got.note());
                continue;
            }
            for (var v : want.values().entrySet()) {
                String now = got.values().get(v.getKey());
                if (!v.getValue().equals(now)) {
                    String name = v.getKey().isEmpty() ? "" : " " + v.getKey();
                    out.add(what + ":" + name + " was " + quote(v.getValue()) + " in the clean run, is " + quote(now));
                }
            }
        }
        return out;
    }

    private static String quote(String s) {
        if (s == null) {
            return "(missing)";
        }
        String one = s.replace("\n", "\\n");
        return "'" + (one.length() > 300 ? one.substring(0, 300) + "..." : one) + "'";
    }
}
