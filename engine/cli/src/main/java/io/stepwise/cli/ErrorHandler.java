package io.stepwise.cli;

import io.stepwise.StepwiseException;
import picocli.CommandLine;

/**
 * The one place where exceptions become exit codes. User errors print one line (a file's problems first,
 * one per line); only a bug (an exception nobody expected) prints a stack trace, and only with
 * {@code STEPWISE_DEBUG=1}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        int code;
        String message;
        if (ex instanceof StepwiseException s) {
            s.details().forEach(err::println);
            code = Outcomes.exitCode(s.kind());
            message = s.getMessage();
        } else if (ex instanceof UserError u) {
            code = u.exitCode();
            message = u.getMessage();
        } else {
            code = ExitCode.STEP_FAILED;
            message = "internal error: " + ex + " (set STEPWISE_DEBUG=1 for the stack trace; please report it)";
            if ("1".equals(System.getenv("STEPWISE_DEBUG"))) {
                ex.printStackTrace(err);
            }
        }
        err.println("stepwise: " + message);
        err.flush();
        return code;
    }
}
