package io.stepwise;

import io.stepwise.load.InventoryLoader;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Inventory;
import io.stepwise.model.Plan;
import io.stepwise.model.Procedure;
import io.stepwise.plan.Planner;
import io.stepwise.run.RunException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one load → check → plan path every command goes through: the inventory, then the procedure checked
 * against it (roles, hosts, variables, manual hosts), then the plan with the given values.
 */
final class Pipeline {
    /** The values a plan is made with, once the procedure (and so its params) is known. */
    @FunctionalInterface
    interface Params {
        Map<String, String> of(Procedure procedure) throws RunException;
    }

    /** A procedure bound to an inventory. */
    record Planned(Procedure procedure, Inventory inventory, Plan plan) {
    }

    private Pipeline() {
    }

    static Planned plan(Path procedureFile, Path inventoryFile, Params params) throws RunException {
        Inventory inventory = InventoryLoader.load(inventoryFile);
        Procedure procedure = ProcedureLoader.read(procedureFile, inventory).orThrow();
        return new Planned(procedure, inventory, Planner.plan(procedure, inventory, params.of(procedure)));
    }

    /** A stored run's values without its secrets (which are never stored). */
    static Params stored(Map<String, String> stored) {
        return procedure -> {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            stored.forEach((k, v) -> {
                if (procedure.params().containsKey(k) && !procedure.params().get(k).secret()) {
                    out.put(k, v);
                }
            });
            return out;
        };
    }
}
