package io.stepwise.cli;

import io.stepwise.load.LoadException;
import io.stepwise.run.RunException;
import io.stepwise.store.LockedException;
import io.stepwise.store.StoreException;
import io.stepwise.transport.TransportException;
import picocli.CommandLine;

/**
 * The one place where exceptions become exit codes. User errors print one line; only a bug (an
 * exception nobody expected) prints a stack trace, and only with {@code STEPWISE_DEBUG=1}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        int code;
        String message;
        if (ex instanceof LoadException l) {
            l.problems().forEach(err::println);
            code = ExitCode.BAD_INPUT;
            message = l.errors().size() + " error(s); nothing ran";
        } else if (ex instanceof RunException r) {
            code = Outcomes.exitCode(r);
            message = r.getMessage();
        } else if (ex instanceof UserError u) {
            code = u.exitCode();
            message = u.getMessage();
        } else if (ex instanceof LockedException l) {
            code = ExitCode.REFUSED;
            message = l.getMessage();
        } else if (ex instanceof StoreException s) {
            code = ExitCode.BAD_INPUT;
            message = s.getMessage() != null && s.getMessage().startsWith("run store") ? s.getMessage()
                    : "run store: " + s.getMessage();
        } else if (ex instanceof TransportException t) {
            code = ExitCode.STEP_FAILED;
            message = t.getMessage();
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
