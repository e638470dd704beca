package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise log}: placeholder until its issue lands. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "(not built yet)")
final class LogCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'log' is not built yet");
    }
}
