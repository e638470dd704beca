package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.RunResult;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of the commands that drive a run, {@code run} and {@code resume}, and the drive itself. */
final class DriveOptions {
    /** What a command asks of the engine: starting or resuming a run. */
    interface Drive {
        RunResult on(Engine engine) throws Exception;
    }

    @Option(names = "--no-input", description = "Never prompt: manual and optional steps pause the run (exit 3), or with --wait wait for a"
            + " decision from another channel.")
    boolean noInput;

    @Option(names = "--wait", description = "Without a terminal, wait at a manual step until someone decides it with"
            + " stepwise confirm/reject or in the web console, instead of pausing (exit 3).")
    boolean waitAtGates;

    @Option(names = "--notify", paramLabel = "FILE", description = "Notifications (webhooks, a command) for this run,"
            + " instead of the inventory's notify: block; see docs/operator-guide.md.")
    Path notifyFile;

    @Mixin
    StoreOption store;

    /** Opens the engine with these options applied, drives the run and reports how it ended: the exit code. */
    int drive(CommandSpec spec, Drive drive) throws Exception {
        try (Engine engine = store.opening(spec.commandLine().getOut(), noInput, waitAtGates)) {
            engine.notifyFrom(notifyFile);
            return Results.report(spec, drive.on(engine));
        }
    }
}
