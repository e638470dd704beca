package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.StatusFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;


/** {@code stepwise status [RUN_ID]}: the runs, or one run's steps and states. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List runs (id, procedure, cluster, state, current step, operator, started), or show one run's"
                + " steps with host, state and duration.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "One run.")
    String runId;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output format (default: the first).")
    StatusFormat format;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runId == null) {
            java.util.Optional<String> missing = Engine.missingStore(store.location, Engine.Settings.of(out, true));
            if (missing.isPresent()) {
                out.println(format == StatusFormat.JSON ? "[]" : "no runs yet (no run store at " + missing.get() + ")");
                return ExitCode.OK;
            }
        }
        return store.show(spec, engine -> engine.status(runId, format));
    }
}
