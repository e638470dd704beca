package io.stepwise.run;

import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a run may have changed anything on its hosts: a step that is not read-only started (or a manual step
 * began waiting for a person), except an attempt refused before its command was sent (an unknown host key).
 * A run without effects does not hold its cluster: it can be resumed, or a new run supersedes it.
 */
public final class Effects {
    private Effects() {
    }

    /** Whether every step of the plan is read-only (sql queries, waits, checks, {@code read_only: true}). */
    public static boolean readOnly(Plan plan) {
        return plan.steps().stream().allMatch(ps -> ps.step().readOnly());
    }

    /** Whether a step with effects started in the run recorded by {@code events}. */
    public static boolean started(Plan plan, List<RunEvent> events) {
        Set<String> effectful = new HashSet<>();
        for (PlannedStep ps : plan.steps()) {
            if (!ps.step().readOnly()) {
                effectful.add(ps.id());
            }
        }
        Set<String> began = new HashSet<>();
        for (RunEvent e : events) {
            if (e.type() != RunEvent.EventType.STEP_STATE || !effectful.contains(e.stepId())) {
                continue;
            }
            String attempt = e.stepId() + "@" + e.host() + "#" + e.attempt();
            if (e.state() == StepState.RUNNING || e.state() == StepState.WAITING_FOR_PERSON
                    || e.state() == StepState.SUCCEEDED || e.state() == StepState.ASSUMED_DONE
                    || e.state() == StepState.IN_DOUBT) {
                began.add(attempt);
            } else if (e.state() == StepState.FAILED && e.data() != null && e.data().containsKey("refused")) {
                began.remove(attempt);
            }
        }
        return !began.isEmpty();
    }
}
