package io.stepwise.cli;

import io.stepwise.load.FileKind;
import io.stepwise.load.InventoryLoader;
import io.stepwise.load.Loaded;
import io.stepwise.load.Problem;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Inventory;
import java.nio.file.Path;
import java.util.ArrayList;
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
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<Problem> all = new ArrayList<>();
        Inventory inventory = null;
        if (inventoryFile != null) {
            Loaded<Inventory> inv = InventoryLoader.read(inventoryFile);
            all.addAll(inv.problems());
            inventory = inv.value();
            if (inventory == null) {
                inv.problems().forEach(err::println);
                err.println("stepwise: " + inventoryFile + " has errors; fix them first");
                return ExitCode.BAD_INPUT;
            }
        }
        int errors = 0;
        int warnings = 0;
        for (Path file : expand(files)) {
            Loaded<?> loaded = switch (FileKind.of(file)) {
                case INVENTORY -> InventoryLoader.read(file);
                case ANSWERS -> io.stepwise.load.AnswersLoader.read(file, null);
                case PROCEDURE -> ProcedureLoader.read(file, inventory);
            };
            loaded.problems().forEach(err::println);
            errors += loaded.errors().size();
            warnings += loaded.warnings().size();
            if (loaded.ok()) {
                out.println(file + ": ok" + (loaded.warnings().isEmpty() ? "" : " (" + loaded.warnings().size() + " warnings)"));
            }
        }
        err.flush();
        if (errors > 0 || strict && warnings > 0) {
            err.println("stepwise: " + errors + " error(s), " + warnings + " warning(s)"
                    + (errors == 0 ? " (--strict)" : ""));
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.OK;
    }

    /** Files as given; directories replaced by the YAML files under them, sorted. */
    static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!java.nio.file.Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            try (var walk = java.nio.file.Files.walk(p)) {
                walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .filter(java.nio.file.Files::isRegularFile).sorted().forEach(out::add);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                throw new UserError(ExitCode.BAD_INPUT, p + ": cannot list the directory: " + e.getMessage());
            }
        }
        return out;
    }
}
