package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise plan}: placeholder until its issue lands. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "(not built yet)")
final class PlanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'plan' is not built yet");
    }
}
