package io.stepwise.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise log RUN STEP}: a step's stored output. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Print the stored output of a step (all attempts; capped per step, with a visible mark).")
final class LogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
    String runId;

    @Parameters(index = "1", paramLabel = "STEP", description = "The step.")
    String step;

    @Option(names = "--host", paramLabel = "HOST", description = "Only this host (default: every host of the step).")
    String host;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        return store.show(spec, engine -> engine.log(runId, step, host));
    }
}
