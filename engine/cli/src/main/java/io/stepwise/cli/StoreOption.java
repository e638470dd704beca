package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --store LOCATION} on every command that touches the run store. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "LOCATION",
            description = "The run store: a SQLite file or a jdbc:mysql:// URL (default: $STEPWISE_STORE, else "
                    + "$XDG_STATE_HOME/stepwise/runs.db).")
    String location;

    /** The store only to read it: nothing is created (status, report, log). */
    Engine openToRead(PrintWriter out) throws StepwiseException {
        return Engine.openToRead(location, Engine.Settings.of(out, true));
    }

    /** What a reading command shows of the store. */
    interface View {
        String of(Engine engine) throws Exception;
    }

    /** Opens the store to read ({@link #openToRead}), prints what {@code view} makes of it: exit code 0. */
    int show(CommandSpec spec, View view) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = openToRead(out)) {
            out.print(view.of(engine));
            out.flush();
            return ExitCode.OK;
        }
    }

    Engine open(PrintWriter out, boolean noInput) throws StepwiseException {
        return Engine.open(location, Engine.Settings.of(out, noInput));
    }

    Engine open(PrintWriter out, boolean noInput, String who) throws StepwiseException {
        return Engine.open(location, Engine.Settings.of(out, noInput).as(who));
    }

    /**
     * As {@link #open(PrintWriter, boolean)} with {@code --wait} ({@code waitAtGates}) applied, the store opened on a
     * thread of its own while the run's files are read and planned ({@link Engine#opening}).
     */
    Engine opening(PrintWriter out, boolean noInput, boolean waitAtGates) {
        return Engine.opening(location, Engine.Settings.of(out, noInput).waiting(waitAtGates));
    }
}
