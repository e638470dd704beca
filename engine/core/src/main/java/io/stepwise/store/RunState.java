package io.stepwise.store;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of a whole run. Every change is a {@link RunEvent.EventType#RUN_STATE} event (written with the
 * runs row in one transaction); legal changes live in {@link #TRANSITIONS}, only there.
 */
public enum RunState {
    RUNNING, PAUSED, FAILED, INTERRUPTED, FINISHED, ABANDONED;

    /** From each state, the states a run may move to. A run's first state is RUNNING. */
    public static final Map<RunState, Set<RunState>> TRANSITIONS = Map.of(
            RUNNING, EnumSet.of(RUNNING, PAUSED, FAILED, INTERRUPTED, FINISHED, ABANDONED),
            PAUSED, EnumSet.of(RUNNING, ABANDONED),
            FAILED, EnumSet.of(RUNNING, ABANDONED),
            INTERRUPTED, EnumSet.of(RUNNING, ABANDONED),
            FINISHED, EnumSet.noneOf(RunState.class),
            ABANDONED, EnumSet.noneOf(RunState.class));

    public boolean canMoveTo(RunState next) {
        return TRANSITIONS.get(this).contains(next);
    }

    /** An unfinished run still counts as the cluster's active run. */
    public boolean active() {
        return this != FINISHED && this != ABANDONED;
    }
}
