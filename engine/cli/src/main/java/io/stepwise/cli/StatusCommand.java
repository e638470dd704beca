package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise status}: placeholder until its issue lands. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "(not built yet)")
final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'status' is not built yet");
    }
}
