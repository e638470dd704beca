package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise run}: placeholder until its issue lands. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "(not built yet)")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'run' is not built yet");
    }
}
