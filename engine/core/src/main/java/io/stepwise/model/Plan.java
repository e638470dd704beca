package io.stepwise.model;

import java.util.List;
import java.util.Map;

/**
 * A procedure bound to an inventory and parameters: every step expanded per host, in execution order.
 *
 * @param params the parameter values (secrets included only in memory; never persist this map as is)
 */
public record Plan(Procedure procedure, Inventory inventory, Map<String, String> params, List<PlannedStep> steps) {
}
