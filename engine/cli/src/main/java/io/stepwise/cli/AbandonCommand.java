package io.stepwise.cli;

import io.stepwise.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise abandon RUN --note TEXT}: gives up a run for good and frees its cluster. */
@Command(name = "abandon", mixinStandardHelpOptions = true,
        description = "Give up a run that will not be finished: records who, when and why (in status and the report),"
                + " marks it abandoned and frees its cluster for a new run. An abandoned run cannot be resumed."
                + " Refused (exit 4, naming the holder) while a live engine drives the run.",
        footer = {"", "Exit codes: 0 abandoned, 2 no such run / finished or abandoned already /",
            "no --note, 4 an engine drives it now.", "", "Example:",
            "  stepwise abandon demo-20260101-120000 --as alice \\",
            "      --note \"disk replaced; redo from scratch\""})
final class AbandonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
    String runId;

    @Option(names = "--note", required = true, paramLabel = "TEXT",
            description = "Why it is given up (required; kept in the report).")
    String note;

    @Option(names = "--as", paramLabel = "WHO", description = "Who decides (default: your login name).")
    String who;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        try (Engine engine = store.open(spec.commandLine().getOut(), true, who)) {
            engine.abandon(runId, note, who != null ? who : System.getProperty("user.name"));
            return ExitCode.OK;
        }
    }
}
