package io.stepwise.cli;

import io.stepwise.RunResult;
import picocli.CommandLine.Model.CommandSpec;

/** Prints how run/resume ended and returns its exit code. */
final class Results {
    private Results() {
    }

    static int report(CommandSpec spec, RunResult r) {
        if (r.outcome() == RunResult.Outcome.FINISHED) {
            spec.commandLine().getOut().println(r.message());
            spec.commandLine().getOut().flush();
        } else if (r.outcome() != RunResult.Outcome.INTERRUPTED) {
            spec.commandLine().getErr().println("stepwise: " + r.message());
            spec.commandLine().getErr().flush();
        }
        return Outcomes.exitCode(r.outcome());
    }
}
