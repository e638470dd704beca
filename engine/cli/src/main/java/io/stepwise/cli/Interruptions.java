package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.store.RunState;
import io.stepwise.store.RunSummary;
import io.stepwise.store.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs recorded as running whose engine is gone (dead pid on this machine, or expired lease): status
 * shows them as interrupted, with why. Only reads the store.
 */
final class Interruptions {
    private Interruptions() {
    }

    /** Run id → why its engine is gone, for the given runs. */
    static Map<String, String> of(Engine engine, List<RunSummary> runs) throws StoreException {
        Map<String, String> gone = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            engine.engineGone(r).ifPresent(why -> gone.put(r.id(), why));
        }
        return gone;
    }

    /** The runs with the gone ones shown as interrupted. */
    static List<RunSummary> shown(List<RunSummary> runs, Map<String, String> gone) {
        return runs.stream().map(r -> !gone.containsKey(r.id()) ? r : new RunSummary(r.id(), r.procedure(),
                r.cluster(), RunState.INTERRUPTED, r.currentStep(), r.operator(), r.startedAt(), r.updatedAt()))
                .toList();
    }

    /** A run's JSON map with state interrupted and the reason, when its engine is gone. */
    static Map<String, Object> mark(Map<String, Object> run, Map<String, String> gone) {
        String why = gone.get(String.valueOf(run.get("id")));
        if (why != null) {
            run.put("state", "interrupted");
            run.put("interrupted", why);
        }
        return run;
    }

    /** The table followed by one line per gone engine. */
    static String table(String table, Map<String, String> gone) {
        StringBuilder sb = new StringBuilder(table);
        gone.forEach((id, why) -> sb.append("run ").append(id).append(" is interrupted: ").append(why)
                .append("; continue it with stepwise resume ").append(id).append('\n'));
        return sb.toString();
    }
}
