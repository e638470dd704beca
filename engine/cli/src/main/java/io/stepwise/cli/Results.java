package io.stepwise.cli;

import io.stepwise.run.Outcome;
import io.stepwise.run.Runner;
import picocli.CommandLine.Model.CommandSpec;

/** Prints how run/resume ended and returns its exit code. */
final class Results {
    private Results() {
    }

    static int report(CommandSpec spec, Runner.Result r) {
        if (r.outcome() == Outcome.FINISHED) {
            spec.commandLine().getOut().println(r.message());
            spec.commandLine().getOut().flush();
        } else if (r.outcome() != Outcome.INTERRUPTED) {
            spec.commandLine().getErr().println("stepwise: " + r.message());
            spec.commandLine().getErr().flush();
        }
        return Outcomes.exitCode(r.outcome());
    }
}
