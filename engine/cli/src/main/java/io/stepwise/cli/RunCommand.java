package io.stepwise.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise run FILE -i INVENTORY}: starts a run and drives it as far as it can go. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a procedure against an inventory. Every state change is recorded in the run store before"
                + " the next step starts, so an interrupted run is finished with 'stepwise resume'.",
        footer = {"", "Exit codes: 0 finished, 1 a step failed (fix and resume), 2 bad input (nothing",
            "ran), 3 paused for a person, 4 refused (locked, changed, role no longer fits),",
            "130 interrupted by Ctrl-C (recorded; stepwise resume finishes the run).",
            "", "Example:", "  stepwise run examples/quickstart.yaml -i examples/local.yaml -p greeting=hi"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The procedure.")
    Path file;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "INVENTORY", description = "The inventory.")
    Path inventory;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value (repeatable)."
            + " Secret params come from STEPWISE_SECRET_<NAME> or a prompt, never from -p.")
    List<String> params = new java.util.ArrayList<>();

    @Option(names = "--run-id", paramLabel = "ID", description = "The run's id (default: PROCEDURE-DATE-TIME).")
    String runId;

    @Mixin
    DriveOptions options;

    @Override
    public Integer call() throws Exception {
        return options.drive(spec, engine -> engine.start(file, inventory, NameValues.parse("-p", params), runId));
    }
}
