package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise validate}: placeholder until its issue lands. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "(not built yet)")
final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'validate' is not built yet");
    }
}
