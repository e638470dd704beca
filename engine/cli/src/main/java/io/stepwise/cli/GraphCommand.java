package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise graph}: placeholder until its issue lands. */
@Command(name = "graph", mixinStandardHelpOptions = true, description = "(not built yet)")
final class GraphCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'graph' is not built yet");
    }
}
