package io.stepwise;

import io.stepwise.load.FileKind;
import io.stepwise.load.InventoryLoader;
import io.stepwise.load.Loaded;
import io.stepwise.load.Problem;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link Engine#validate}: each file loaded (procedures against the inventory when one is given). */
final class Validator {
    private Validator() {
    }

    static Validation validate(List<Path> paths, Path inventoryFile) throws StepwiseException {
        Inventory inventory = null;
        if (inventoryFile != null) {
            Loaded<Inventory> inv = InventoryLoader.read(inventoryFile);
            inventory = inv.value();
            if (inventory == null) {
                throw new StepwiseException(StepwiseException.Kind.BAD_INPUT, inventoryFile
                        + " has errors; fix them first", inv.problems().stream().map(Problem::toString).toList(), null);
            }
        }
        List<Validation.FileResult> out = new ArrayList<>();
        for (Path file : expand(paths)) {
            Loaded<?> loaded = switch (FileKind.of(file)) {
                case INVENTORY -> InventoryLoader.read(file);
                case ANSWERS -> io.stepwise.load.AnswersLoader.read(file, null);
                case PROCEDURE -> ProcedureLoader.read(file, inventory);
            };
            out.add(new Validation.FileResult(file, loaded.problems().stream().map(Problem::toString).toList(),
                    loaded.errors().size(), loaded.warnings().size()));
        }
        return new Validation(out);
    }

    /** Files as given; directories replaced by the YAML files under them, sorted. */
    static List<Path> expand(List<Path> paths) throws StepwiseException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            try (var walk = Files.walk(p)) {
                walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .filter(Files::isRegularFile).sorted().forEach(out::add);
            } catch (IOException | UncheckedIOException e) {
                throw new StepwiseException(StepwiseException.Kind.BAD_INPUT, p + ": cannot list the directory: "
                        + e.getMessage());
            }
        }
        return out;
    }
}
