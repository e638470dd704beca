package io.stepwise.web;

import io.stepwise.Engine;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import io.stepwise.StepwiseException;
import io.stepwise.store.RunInfo;
import io.stepwise.view.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's steps in plan order with their hosts, and each step's needs: read from the run's procedure and
 * inventory files once and kept while the files are unchanged (size and modification time), so a live page
 * polled every second reads only the store. When the procedure cannot be read, nothing is kept: the engine's
 * fallback (the steps as recorded) changes as the run goes on.
 */
final class Layouts {
    private static final int KEPT = 64;

    /** Steps in order with their hosts ({@link Summary#rows}'s layout), and each step's needs. */
    record Layout(List<Map.Entry<String, List<String>>> steps, Map<String, List<String>> needs) {
    }

    private record Key(String runId, String files) {
    }

    private final Engine engine;
    private final Map<Key, Layout> kept = new Lru<>(KEPT);

    Layouts(Engine engine) {
        this.engine = engine;
    }

    Layout of(RunInfo info) throws StepwiseException {
        Key key = new Key(info.id(), stamp(info.procedureFile()) + "|" + stamp(info.inventoryFile()));
        synchronized (kept) {
            Layout l = kept.get(key);
            if (l != null) {
                return l;
            }
        }
        Map<String, List<String>> steps = new LinkedHashMap<>();
        for (Summary.Row r : engine.steps(info.id())) {
            steps.computeIfAbsent(r.step(), k -> new ArrayList<>()).add(r.host());
        }
        Procedure p = null;
        try {
            p = ProcedureLoader.read(Path.of(info.procedureFile()), null).value();
        } catch (RuntimeException e) {
            // drawn from the recorded order below
        }
        Map<String, List<String>> needs = new LinkedHashMap<>();
        if (p != null) {
            for (Step s : p.steps()) {
                needs.put(s.id(), s.needs());
            }
        } else {
            List<String> order = new ArrayList<>(steps.keySet());
            for (int i = 1; i < order.size(); i++) {
                needs.put(order.get(i), List.of(order.get(i - 1)));
            }
        }
        Layout l = new Layout(List.copyOf(steps.entrySet()), needs);
        if (p != null) {
            synchronized (kept) {
                kept.put(key, l);
            }
        }
        return l;
    }

    private static String stamp(String file) {
        try {
            Path p = Path.of(file);
            return Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException | RuntimeException e) {
            return "none";
        }
    }
}
