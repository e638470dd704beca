package io.stepwise.store;

import io.stepwise.model.StepState;
import java.time.Instant;
import java.util.Map;

/**
 * One state change of a run, as stored.
 *
 * @param seq     assigned by the store; 0 when appending
 * @param type    what happened
 * @param stepId  null for run-level events
 * @param host    null for run-level events
 * @param state   the step's new state for {@link EventType#STEP_STATE}
 * @param actor   who did it (operator login or {@code --as}), for decisions
 * @param note    free text: a person's note, a failure reason
 * @param data    captured values, exit code, decision detail (never secrets)
 */
public record RunEvent(long seq, Instant at, EventType type, String stepId, String host, StepState state,
                       int attempt, String actor, String note, Map<String, String> data) {

    /** Kinds of events. */
    public enum EventType {
        RUN_STARTED, RUN_RESUMED, RUN_STATE, STEP_STATE, CAPTURED, DECISION, CHANGES_ACCEPTED, ROLE_CHECK,
        /** The values of a manual step's evidence probes on a host, as shown from then on. */
        EVIDENCE,
        /** A recorded decision did not count: its evidence changed before the engine acted on it. */
        DECISION_REFUSED,
        /** A notification was delivered, or given up after its retries. */
        NOTIFIED,
        /** A postcondition or state probe's result once every step is done (see run.FinalChecks). */
        POSTCONDITION
    }
}
