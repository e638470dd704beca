package io.stepwise.web.view;

import java.util.List;

/**
 * One procedure: its check results, graph and, for a chosen inventory, the plan as {@code stepwise plan} prints it.
 *
 * @param inventories the inventories offered (recorded in runs or found beside the procedures)
 * @param chosen      index into inventories, -1 when none is chosen
 */
public record ProcedureView(ProcedureItem item, GraphView graph, List<String> inventories, int chosen, String plan) {
}
