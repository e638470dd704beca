package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code stepwise resume}: placeholder until its issue lands. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "(not built yet)")
final class ResumeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCode.BAD_INPUT, "'resume' is not built yet");
    }
}
