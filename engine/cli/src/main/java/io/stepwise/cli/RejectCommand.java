package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise reject}: placeholder until its issue lands. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "(not built yet)")
final class RejectCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'reject' is not built yet");
    }
}
