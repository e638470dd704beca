package io.stepwise.cli;

import io.stepwise.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What {@code confirm} and {@code reject} share: the run, the step, who decides and their note. */
abstract class StepDecisionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step waiting for a person.")
    String step;

    @Option(names = "--host", paramLabel = "HOST", description = "Only this host of the step (default: all).")
    String host;

    @Option(names = "--as", paramLabel = "WHO", description = "Who decides (default: your login name).")
    String who;

    @Mixin
    StoreOption store;

    /** True for confirm, false for reject. */
    abstract boolean confirms();

    /** The person's note; may be null where the command allows it. */
    abstract String note();

    @Override
    public Integer call() throws Exception {
        try (Engine engine = store.open(spec.commandLine().getOut(), true, who)) {
            engine.decide(runId, step, host, confirms(), note(), who != null ? who : System.getProperty("user.name"));
            return ExitCode.OK;
        }
    }
}
