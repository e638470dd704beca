package io.stepwise.cli;

import io.stepwise.run.Outcome;
import io.stepwise.run.RunException;

/** How a run's outcome becomes the CLI's exit code. */
final class Outcomes {
    /** What the JVM gives on SIGINT; our Ctrl-C hook leaves it as is. */
    static final int INTERRUPTED = 130;

    private Outcomes() {
    }

    static int exitCode(Outcome o) {
        return switch (o) {
            case FINISHED -> ExitCode.OK;
            case FAILED -> ExitCode.STEP_FAILED;
            case PAUSED -> ExitCode.PAUSED;
            case REFUSED -> ExitCode.REFUSED;
            case INTERRUPTED -> INTERRUPTED;
        };
    }

    static int exitCode(RunException e) {
        return e.badInput() ? ExitCode.BAD_INPUT : exitCode(e.outcome());
    }
}
