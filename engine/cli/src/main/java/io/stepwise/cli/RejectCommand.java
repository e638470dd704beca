package io.stepwise.cli;

import io.stepwise.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise reject RUN STEP}: records a person's decision on a step waiting for one. */
@Command(name = "reject", mixinStandardHelpOptions = true, description = "Record that a manual step is not right (or that an optional step is to be skipped), with a note; then resume.")
final class RejectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step waiting for a person.")
    String step;

    @Option(names = "--note", required = true, paramLabel = "TEXT", description = "What you saw or did (kept in the report).")
    String note;

    @Option(names = "--host", paramLabel = "HOST", description = "Only this host of the step (default: all).")
    String host;

    @Option(names = "--as", paramLabel = "WHO", description = "Who decides (default: your login name).")
    String who;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        try (Engine engine = store.open(spec.commandLine().getOut(), true, who)) {
            engine.decide(runId, step, host, false, note,
                    who != null ? who : System.getProperty("user.name"));
            return ExitCode.OK;
        }
    }
}
