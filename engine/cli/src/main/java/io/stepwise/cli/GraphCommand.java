package io.stepwise.cli;

import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Procedure;
import io.stepwise.plan.GraphExport;
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
            "  stepwise graph --format dot examples/quickstart.yaml | dot -Tsvg > quickstart.svg"})
final class GraphCommand implements Callable<Integer> {
    /** Output notations. */
    enum Format { mermaid, dot }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The procedure.")
    Path file;

    @Option(names = "--format", defaultValue = "mermaid", paramLabel = "FORMAT", description = "mermaid (default) or dot.")
    Format format;

    @Override
    public Integer call() {
        Procedure p = ProcedureLoader.load(file);
        spec.commandLine().getOut().print(format == Format.dot ? GraphExport.dot(p) : GraphExport.mermaid(p));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
