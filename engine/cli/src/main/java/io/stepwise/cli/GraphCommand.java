package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.GraphFormat;
import io.stepwise.StepwiseException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise graph FILE [--format mermaid|dot]}: the step graph as text for a diagram tool. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Print the step graph (edges from needs) as Mermaid or Graphviz DOT.",
        footer = {"", "Examples:", "  stepwise graph examples/quickstart.yaml > quickstart.mmd",
            "  stepwise graph --format dot examples/quickstart.yaml \\",
            "      | dot -Tsvg > quickstart.svg"})
final class GraphCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The procedure.")
    Path file;

    @Option(names = "--format", defaultValue = "mermaid", paramLabel = "FORMAT", description = "mermaid (default) or dot.")
    GraphFormat format;

    @Override
    public Integer call() throws StepwiseException {
        spec.commandLine().getOut().print(Engine.graph(file, format));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
