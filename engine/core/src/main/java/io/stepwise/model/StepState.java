package io.stepwise.model;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The state of one step on one host in a run. Legal transitions live in {@link #TRANSITIONS}, only there. */
public enum StepState {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, WAITING_FOR_PERSON, IN_DOUBT, ASSUMED_DONE, REJECTED, INTERRUPTED;

    static final Map<StepState, Set<StepState>> TRANSITIONS = Map.of(
            PENDING, EnumSet.of(RUNNING, SKIPPED, WAITING_FOR_PERSON),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, IN_DOUBT, INTERRUPTED, WAITING_FOR_PERSON),
            WAITING_FOR_PERSON, EnumSet.of(SUCCEEDED, REJECTED, SKIPPED, RUNNING, WAITING_FOR_PERSON),
            IN_DOUBT, EnumSet.of(RUNNING, ASSUMED_DONE, SUCCEEDED, WAITING_FOR_PERSON),
            INTERRUPTED, EnumSet.of(RUNNING, ASSUMED_DONE, SUCCEEDED, IN_DOUBT, WAITING_FOR_PERSON),
            FAILED, EnumSet.of(RUNNING, ASSUMED_DONE, SKIPPED),
            REJECTED, EnumSet.of(RUNNING, WAITING_FOR_PERSON),
            SUCCEEDED, EnumSet.noneOf(StepState.class),
            SKIPPED, EnumSet.noneOf(StepState.class),
            ASSUMED_DONE, EnumSet.noneOf(StepState.class));

    public boolean canMoveTo(StepState next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /** Done: never run again on resume. */
    public boolean done() {
        return this == SUCCEEDED || this == SKIPPED || this == ASSUMED_DONE;
    }
}
