package io.stepwise.run;

/** How a run (or one invocation of run/resume) ended; the CLI maps each to its exit code. */
public enum Outcome {
    /** Every step is done. */
    FINISHED,
    /** A step failed: fix the cause and resume. */
    FAILED,
    /** Waiting for a person: a manual step, an optional step, or an in-doubt decision. */
    PAUSED,
    /** Refused: locked, changed procedure, or a host no longer fits its role. */
    REFUSED,
    /** Stopped by Ctrl-C; resumable. */
    INTERRUPTED
}
