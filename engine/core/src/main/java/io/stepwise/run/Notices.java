package io.stepwise.run;

/**
 * What the engine tells people about while it drives a run (notifications). Every method returns at once:
 * a delivery happens in the background and never blocks or fails the run.
 */
public interface Notices {
    /** Nobody is told anything. */
    Notices NONE = new Notices() {
    };

    /** A manual step began waiting for a person. */
    default void waiting(StepKey key, String instructions) {
    }

    /** A step failed (after its retries), or a manual step was rejected. */
    default void failed(String stepId, String reason) {
    }

    /** A step's outcome is unknown; a person must choose retry or assume-done. */
    default void inDoubt(String stepId, String reason) {
    }

    /** The run finished: every step is done. */
    default void finished(String runId) {
    }
}
