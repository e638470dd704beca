package io.stepwise.store;

/** The state of a whole run. */
public enum RunState {
    RUNNING, PAUSED, FAILED, INTERRUPTED, FINISHED, ABANDONED;

    /** An unfinished run still counts as the cluster's active run. */
    public boolean active() {
        return this != FINISHED && this != ABANDONED;
    }
}
