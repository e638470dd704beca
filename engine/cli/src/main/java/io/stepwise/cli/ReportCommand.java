package io.stepwise.cli;

import io.stepwise.ReportFormat;
import io.stepwise.web.HtmlReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise report RUN_ID}: the change-ticket record of a run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Who ran what and when, parameters (secrets masked), every step with host, times, outcome and"
                + " captured values, and every decision with its author and note.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run.")
    String runId;

    /** The report's notations: the facade's, and html from the web console's templates. */
    enum Format { MARKDOWN, JSON, HTML }

    @Option(names = "--format", defaultValue = "markdown", paramLabel = "markdown|json|html",
            description = "Output format; html is one self-contained page (inline CSS, no scripts) for a change ticket.")
    Format format;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        return store.show(spec, engine -> format == Format.HTML ? HtmlReport.of(engine, runId)
                : engine.report(runId, format == Format.JSON ? ReportFormat.JSON : ReportFormat.MARKDOWN));
    }
}
