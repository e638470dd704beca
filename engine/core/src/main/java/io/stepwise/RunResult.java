package io.stepwise;

/**
 * How {@code start} or {@code resume} ended, with the line to show.
 *
 * @param message what happened and, unless finished, what to do next
 */
public record RunResult(Outcome outcome, String message) {
    /** How a run's drive ended; the CLI maps each to its exit code. */
    public enum Outcome {
        /** Every step is done. */
        FINISHED,
        /** A step failed: fix the cause and resume. */
        FAILED,
        /** Waiting for a person: a manual step or an in-doubt decision. */
        PAUSED,
        /** Refused: the run's lease is held, the procedure changed, a role no longer fits. */
        REFUSED,
        /** Stopped by Ctrl-C; recorded as interrupted and resumable. */
        INTERRUPTED
    }
}
