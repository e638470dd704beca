package io.stepwise.cli;

import io.stepwise.RunResult;
import io.stepwise.StepwiseException;

/** How a run's outcome and a failure's kind become the CLI's exit code. */
final class Outcomes {
    private Outcomes() {
    }

    static int exitCode(RunResult.Outcome o) {
        return switch (o) {
            case FINISHED -> ExitCode.OK;
            case FAILED -> ExitCode.STEP_FAILED;
            case PAUSED -> ExitCode.PAUSED;
            case REFUSED -> ExitCode.REFUSED;
            case INTERRUPTED -> ExitCode.INTERRUPTED;
        };
    }

    static int exitCode(StepwiseException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> ExitCode.BAD_INPUT;
            case FAILED, STORE -> ExitCode.STEP_FAILED;
            case REFUSED -> ExitCode.REFUSED;
        };
    }
}
