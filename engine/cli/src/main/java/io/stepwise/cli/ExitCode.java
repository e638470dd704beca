package io.stepwise.cli;

/** The exit codes of the CLI contract (docs/operator-guide.md lists them for operators). */
final class ExitCode {
    /** The run finished / the command succeeded. */
    public static final int OK = 0;
    /** A step failed: fix the cause and resume. */
    public static final int STEP_FAILED = 1;
    /** Bad input: nothing ran. */
    public static final int BAD_INPUT = 2;
    /** Paused for a person: a manual step or an in-doubt decision. */
    public static final int PAUSED = 3;
    /** Refused: run locked, procedure changed, role no longer fits. */
    public static final int REFUSED = 4;
    /** Interrupted by Ctrl-C: what the JVM gives on SIGINT; the run is recorded as interrupted and resumable. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
