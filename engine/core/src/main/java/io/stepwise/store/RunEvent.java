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

    /** The {@code data} key of a {@link EventType#RUN_STATE} event's new state (lower case). */
    static final String RUN_STATE_KEY = "state";

    /**
     * A change of the run's state; {@code stepId} is the step it stopped at (null when none). The store
     * updates the run's summary row in the same write.
     */
    public static RunEvent runState(Instant at, RunState state, String stepId, String actor, String note,
                                    Map<String, String> more) {
        Map<String, String> data = new java.util.LinkedHashMap<>(more);
        data.put(RUN_STATE_KEY, state.name().toLowerCase(java.util.Locale.ROOT));
        return new RunEvent(0, at, EventType.RUN_STATE, stepId, null, null, 0, actor, note, data);
    }

    /** The new run state of a {@link EventType#RUN_STATE} event; null for any other event. */
    public RunState runState() {
        return type != EventType.RUN_STATE || data == null || data.get(RUN_STATE_KEY) == null ? null
                : RunState.valueOf(data.get(RUN_STATE_KEY).toUpperCase(java.util.Locale.ROOT));
    }

    /** Kinds of events. */
    public enum EventType {
        RUN_STARTED, RUN_RESUMED, RUN_STATE, STEP_STATE, CAPTURED, DECISION, CHANGES_ACCEPTED, ROLE_CHECK,
        /** The values of a manual step's evidence probes on a host, as shown from then on. */
        EVIDENCE,
        /** A recorded decision did not count: its evidence changed before the engine acted on it. */
        DECISION_REFUSED,
        /** A notification was delivered, or given up after its retries. */
        NOTIFIED,
        /** Each step's canonical fingerprint text as planned (step id → text), to show what changed on resume. */
        PLANNED,
        /** A postcondition or state probe's result once every step is done (see run.FinalChecks). */
        POSTCONDITION,
        /**
         * How far a long operation of a running step got (a copy: bytes, total, rate, time left), every few
         * seconds; {@code note} is the line shown to people, {@code data} the same as fields.
         */
        PROGRESS
    }
}
