package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise trust}: placeholder until its issue lands. */
@Command(name = "trust", mixinStandardHelpOptions = true, description = "(not built yet)")
final class TrustCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'trust' is not built yet");
    }
}
