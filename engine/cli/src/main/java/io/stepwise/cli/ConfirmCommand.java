package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise confirm}: placeholder until its issue lands. */
@Command(name = "confirm", mixinStandardHelpOptions = true, description = "(not built yet)")
final class ConfirmCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'confirm' is not built yet");
    }
}
