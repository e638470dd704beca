package io.stepwise.web.view;

import java.util.List;
import java.util.Map;

/**
 * One run, as the run page, its live fragment and the HTML report show it.
 *
 * @param live     an engine may still change it: the page keeps polling
 * @param waiting  the steps waiting for a person now
 * @param sessions when it was started and resumed, and by whom
 */
public record RunView(String id, String procedure, String cluster, String state, String operator, String started,
                      String procedureFile, String inventoryFile, Map<String, String> params, GraphView graph,
                      List<StepView> steps, List<DecisionItem> decisions, List<String> waiting, List<String> sessions,
                      String resumeCommand, boolean live) {
}
