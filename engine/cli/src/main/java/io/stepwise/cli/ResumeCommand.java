package io.stepwise.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise resume [RUN_ID]}: continues a run where it stopped. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a run. Steps already done never run again. A step that was running when the engine"
                + " stopped is in doubt: it runs again only if idempotent or read-only, or when its verify probe"
                + " shows it took effect; otherwise choose with --retry or --assume-done. A step that Ctrl-C could"
                + " not stop on its host runs nothing until its earlier command has ended there.",
        footer = {"", "Exit codes: 0 finished, 1 a step failed (fix and resume), 2 bad input (nothing",
            "ran), 3 paused for a person: a manual step, an in-doubt step (choose with",
            "--retry or --assume-done), or an earlier command still running on its host;",
            "4 refused (locked, changed, role no longer fits), 130 interrupted by Ctrl-C.",
            "", "Examples:",
            "  stepwise resume                      # the only unfinished run",
            "  stepwise resume RUN_ID --retry apply-dump",
            "  stepwise resume RUN_ID --assume-done restart-db@xop-b",
            "  stepwise resume RUN_ID --assume-done dump --set binlog_pos=1337"})
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID",
            description = "The run (default: the only unfinished run).")
    String runId;

    @Option(names = "--retry", paramLabel = "STEP[@HOST]",
            description = "Run this in-doubt step again, on every host or on HOST only (repeatable).")
    List<String> retry = List.of();

    @Option(names = "--assume-done", paramLabel = "STEP[@HOST]",
            description = "Record this in-doubt or failed step (on every host, or on HOST only) as done without running"
                    + " it (repeatable).")
    List<String> assumeDone = List.of();

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "Give a captured value that a step assumed done could not supply (repeatable; recorded).")
    List<String> set = new java.util.ArrayList<>();

    @Option(names = "--accept-changes",
            description = "Go on although the procedure or inventory changed in steps that already ran (recorded).")
    boolean acceptChanges;

    @Mixin
    DriveOptions options;

    @Override
    public Integer call() throws Exception {
        return options.drive(spec, engine -> engine.resume(runId, new LinkedHashSet<>(retry),
                new LinkedHashSet<>(assumeDone), NameValues.parse("--set", set), acceptChanges));
    }
}
