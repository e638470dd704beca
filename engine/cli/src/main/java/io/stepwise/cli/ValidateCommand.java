package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.Validation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stepwise validate FILE...}: checks procedures and inventories; problems as FILE:LINE:COL: message. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check procedure and inventory files without running anything. Problems are printed as"
                + " FILE:LINE:COL: message. Exit 0 when clean (warnings allowed), 2 on errors.",
        footer = {"", "Examples:", "  stepwise validate procedures/ examples/quickstart.yaml",
            "  stepwise validate --strict -i examples/local.yaml examples/quickstart.yaml"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Procedure, inventory or rehearsal answers files (told apart by their top-level key); a"
                    + " directory means every"
                    + " *.yaml and *.yml file under it.")
    List<Path> files;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Also check the procedures against this inventory (roles, hosts, inventory vars).")
    Path inventoryFile;

    @Option(names = "--strict", description = "Treat warnings (lint) as errors: exit 2 when there are any.")
    boolean strict;

    @Override
    public Integer call() throws StepwiseException {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Validation v = Engine.validate(files, inventoryFile);
        for (Validation.FileResult f : v.files()) {
            f.problems().forEach(err::println);
            if (f.ok()) {
                out.println(f.file() + ": ok" + (f.warnings() == 0 ? "" : " (" + f.warnings() + (f.warnings() == 1 ? " warning)" : " warnings)")));
            }
        }
        err.flush();
        if (v.errors() > 0 || strict && v.warnings() > 0) {
            err.println("stepwise: " + v.errors() + (v.errors() == 1 ? " error, " : " errors, ") + v.warnings()
                    + (v.warnings() == 1 ? " warning" : " warnings")
                    + (v.errors() == 0 ? " (--strict)" : ""));
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.OK;
    }
}
