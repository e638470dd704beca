package io.stepwise.web;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.load.FileKind;
import io.stepwise.load.InventoryLoader;
import io.stepwise.load.Loaded;
import io.stepwise.load.Problem;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Inventory;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import io.stepwise.plan.PlanPrinter;
import io.stepwise.plan.Planner;
import io.stepwise.store.RunSummary;
import io.stepwise.store.StoreException;
import io.stepwise.web.view.GraphView;
import io.stepwise.web.view.Inert;
import io.stepwise.web.view.ProcedureItem;
import io.stepwise.web.view.ProcedureView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The procedures under the console's directory, validated, with their graph and, for an inventory the
 * team has used (recorded in a run) or one found beside the procedures, the plan. A page names files only
 * by what this class listed: no path from a request ever reaches the file system.
 */
final class ProcedureViews {
    private final Path dir;
    private final Engine engine;

    ProcedureViews(Path dir, Engine engine) {
        this.dir = dir;
        this.engine = engine;
    }

    List<ProcedureItem> list() {
        List<ProcedureItem> out = new ArrayList<>();
        for (Path f : files()) {
            if (FileKind.of(f) == FileKind.PROCEDURE) {
                out.add(item(f, ProcedureLoader.read(f, null)));
            }
        }
        return out;
    }

    /** The procedure named {@code file} (as listed), with the plan for inventory number {@code chosen}. */
    Optional<ProcedureView> one(String file, int chosen) throws StepwiseException {
        Optional<Path> f = files().stream().filter(p -> dir.relativize(p).toString().equals(file)).findFirst();
        if (f.isEmpty() || FileKind.of(f.get()) != FileKind.PROCEDURE) {
            return Optional.empty();
        }
        Loaded<Procedure> loaded = ProcedureLoader.read(f.get(), null);
        GraphView graph = null;
        if (loaded.value() != null) {
            List<Graphs.Box> boxes = new ArrayList<>();
            for (Step s : Planner.order(loaded.value())) {
                boxes.add(new Graphs.Box(s.id(), s.needs(), "pending", ""));
            }
            graph = Graphs.layout(boxes);
        }
        List<Path> inventories = inventories();
        String plan = null;
        if (loaded.value() != null && chosen >= 0 && chosen < inventories.size()) {
            plan = plan(f.get(), inventories.get(chosen));
        }
        return Optional.of(new ProcedureView(item(f.get(), loaded), graph,
                inventories.stream().map(p -> Inert.text(p.toString())).toList(),
                chosen < inventories.size() ? chosen : -1, plan));
    }

    private static String plan(Path procedureFile, Path inventoryFile) {
        try {
            Inventory inventory = InventoryLoader.load(inventoryFile);
            Procedure procedure = ProcedureLoader.read(procedureFile, inventory).orThrow();
            return Inert.text(PlanPrinter.render(Planner.plan(procedure, inventory, Map.of())));
        } catch (io.stepwise.load.LoadException e) {
            return Inert.text("cannot plan with " + inventoryFile + ":\n" + String.join("\n",
                    e.problems().stream().map(Problem::toString).toList()));
        } catch (RuntimeException e) {
            return Inert.text("cannot plan with " + inventoryFile + ": " + e.getMessage());
        }
    }

    private ProcedureItem item(Path f, Loaded<Procedure> loaded) {
        List<String> problems = loaded.problems().stream().map(p -> Inert.text(p.toString())).toList();
        Procedure p = loaded.value();
        return new ProcedureItem(dir.relativize(f).toString(), p == null ? "" : Inert.text(p.name()),
                p == null ? "" : Inert.text(p.title()), p == null ? 0 : p.steps().size(), problems);
    }

    private List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private List<Path> inventories() throws StepwiseException {
        TreeSet<Path> out = new TreeSet<>();
        for (RunSummary r : engine.runs()) {
            java.util.Optional.ofNullable(engine.info(r.id()).inventoryFile())
                    .map(Path::of).filter(Files::isRegularFile).ifPresent(out::add);
            if (out.size() >= 50) {
                break;
            }
        }
        files().stream().filter(p -> FileKind.of(p) == FileKind.INVENTORY).forEach(out::add);
        return List.copyOf(out);
    }
}
