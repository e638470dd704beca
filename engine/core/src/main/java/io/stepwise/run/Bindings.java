package io.stepwise.run;

import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.plan.Values;
import java.util.Map;
import java.util.function.Function;

/**
 * The values a step's templates see on one host (FORMAT.md "Variables"), resolved exactly as the plan
 * view resolves them ({@link Values}), with the captured values restored from the store.
 */
public final class Bindings {
    private Bindings() {
    }

    public static Function<String, String> forHost(Plan plan, String runId, Host host, Map<String, String> captures) {
        return Values.resolver(plan, host, captures, runId, false);
    }
}
