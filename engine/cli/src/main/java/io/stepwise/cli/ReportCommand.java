package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise report}: placeholder until its issue lands. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "(not built yet)")
final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'report' is not built yet");
    }
}
