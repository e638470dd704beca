package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise plan FILE -i INVENTORY [-p k=v]...}: what a run would do, step by step and host by host. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show every step on every host in execution order, with commands and SQL rendered with this"
                + " run's values (secrets as ****, captured values as <name from step>). Runs nothing.",
        footer = {"", "Example:", "  stepwise plan examples/quickstart.yaml -i examples/local.yaml -p greeting=hi"})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The procedure.")
    Path file;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "INVENTORY", description = "The inventory of hosts.")
    Path inventoryFile;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter value (repeatable).")
    List<String> params = new java.util.ArrayList<>();

    @Override
    public Integer call() throws StepwiseException {
        spec.commandLine().getOut().print(Engine.plan(file, inventoryFile, NameValues.parse("-p", params)));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
