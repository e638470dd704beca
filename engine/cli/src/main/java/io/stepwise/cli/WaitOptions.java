package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --notify FILE} of {@code run} and {@code resume}. */
final class WaitOptions {
    @Option(names = "--wait", description = "Without a terminal, wait at a manual step until someone decides it with"
            + " stepwise confirm/reject or in the web console, instead of pausing (exit 3).")
    boolean waitAtGates;

    @Option(names = "--notify", paramLabel = "FILE", description = "Notifications (webhooks, a command) for this run,"
            + " instead of the inventory's notify: block; see docs/operator-guide.md.")
    Path notifyFile;

    /** Opens the engine with these options applied. */
    Engine open(StoreOption store, PrintWriter out, boolean noInput) throws StepwiseException {
        Engine engine = store.open(out, noInput, null, waitAtGates);
        engine.notifyFrom(notifyFile);
        return engine;
    }
}
