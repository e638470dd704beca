package io.stepwise.plan;

import io.stepwise.load.LoadException;
import io.stepwise.load.Problem;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Mark;
import io.stepwise.model.Param;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import io.stepwise.text.Suggest;
import io.stepwise.text.Template;
import io.stepwise.text.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Binds a procedure to an inventory and parameter values: steps in execution order (needs first, file order
 * as tie-break), each with the hosts of its role and a fingerprint of its definition.
 */
public final class Planner {
    private Planner() {
    }

    /**
     * The plan, or a {@link LoadException} naming every problem: roles the inventory cannot fill, unknown
     * {@code -p} names, required params without a value.
     *
     * @param params values given by the operator ({@code -p name=value}, secrets included); defaults are not copied in
     */
    public static Plan plan(Procedure procedure, Inventory inventory, Map<String, String> params) {
        List<Problem> problems = new ArrayList<>(ProcedureLoader.check(procedure, inventory));
        Mark top = new Mark(procedure.source(), 1, 1);
        for (String given : params.keySet()) {
            if (!procedure.params().containsKey(given)) {
                problems.add(new Problem(top, Problem.Severity.ERROR, "-p " + given + ": procedure '" + procedure.name()
                        + "' has no param '" + given + "'" + Suggest.didYouMean(given, procedure.params().keySet())
                        + (procedure.params().isEmpty() ? "" : "; its params: " + String.join(", ", procedure.params().keySet()))));
            }
        }
        for (Param p : procedure.params().values()) {
            if (!p.secret() && p.defaultValue() == null && !params.containsKey(p.name())
                    && !inventoryProvides(inventory, p.name())) {
                problems.add(new Problem(p.mark(), Problem.Severity.ERROR, "param '" + p.name() + "' has no value: give -p "
                        + p.name() + "=VALUE" + (p.description() == null ? "" : " (" + p.description() + ")")));
            }
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new LoadException(problems);
        }
        Map<String, String> given = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Plan unordered = new Plan(procedure, inventory, given, List.of());
        java.util.Set<String> captured = new java.util.HashSet<>();
        procedure.steps().forEach(s -> captured.addAll(s.capture().keySet()));
        List<PlannedStep> steps = new ArrayList<>();
        for (Step s : order(procedure)) {
            List<Host> hosts = inventory.hostsWithRole(s.on());
            Map<String, Map<String, String>> values = new LinkedHashMap<>();
            hosts.forEach(h -> values.put(h.name(), values(unordered, s, h, captured)));
            String canonical = Fingerprints.canonical(s, hosts, values);
            // the unversioned fingerprint only matters for a run recorded before versions: computed when asked
            steps.add(new PlannedStep(s, hosts, Fingerprints.of(canonical), canonical,
                    () -> Fingerprints.legacy(s, hosts, settings(hosts, values))));
            identifiers(unordered, s, hosts, captured, problems);
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new LoadException(problems);
        }
        return new Plan(procedure, inventory, given, List.copyOf(steps));
    }

    /**
     * Every {@code {{name|ident}}} whose value is known before the run (params, inventory vars, built-ins) must be
     * an identifier on every host, so that a bad value stops the plan (exit 2) before anything ran.
     */
    private static void identifiers(Plan plan, Step s, List<Host> hosts, java.util.Set<String> captured,
                                    List<Problem> problems) {
        for (String text : StepTexts.of(s)) {
            for (Template.Ref ref : Template.refs(text)) {
                if (!"ident".equals(ref.filter()) || captured.contains(ref.name())) {
                    continue;
                }
                for (Host h : hosts.isEmpty() ? java.util.Collections.<Host>singletonList(null) : hosts) {
                    String v = Values.resolver(plan, h, Map.of(), "plan", false).apply(ref.name());
                    try {
                        if (v != null) {
                            Template.identQuote(v);
                        }
                    } catch (TemplateException e) {
                        problems.add(new Problem(s.mark(), Problem.Severity.ERROR, "step '" + s.id() + "': {{" + ref.name()
                                + "|ident}} is '" + io.stepwise.text.Escape.terminal(v) + "', which is not a valid SQL"
                                + " identifier (empty, or a backquote or NUL in it): give -p " + ref.name() + "=NAME"
                                + " (a database, table or column name)"));
                        return;
                    }
                }
            }
        }
    }

    private static boolean inventoryProvides(Inventory inv, String name) {
        return inv.vars().containsKey(name) || !inv.hosts().isEmpty() && inv.hosts().stream().allMatch(h -> h.vars().containsKey(name));
    }

    /** Steps in execution order: a step comes after everything it needs; among ready steps, file order. */
    public static List<Step> order(Procedure procedure) {
        Map<String, Integer> index = new HashMap<>();
        List<Step> all = procedure.steps();
        for (int i = 0; i < all.size(); i++) {
            index.put(all.get(i).id(), i);
        }
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (Step s : all) {
            List<String> needs = s.needs().stream().filter(index::containsKey).distinct().toList();
            waiting.put(s.id(), needs.size());
            needs.forEach(n -> dependents.computeIfAbsent(n, k -> new ArrayList<>()).add(s.id()));
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        all.forEach(s -> {
            if (waiting.get(s.id()) == 0) {
                ready.add(index.get(s.id()));
            }
        });
        List<Step> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            Step s = all.get(ready.poll());
            out.add(s);
            for (String d : dependents.getOrDefault(s.id(), List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(index.get(d));
                }
            }
        }
        if (out.size() != all.size()) {
            throw new IllegalArgumentException("procedure " + procedure.name() + " has a cycle in its needs");
        }
        return List.copyOf(out);
    }

    /**
     * The value of every variable the step uses on {@code host} (params, inventory vars, built-ins; not captures,
     * secrets or run_id): they decide what it does there.
     */
    static Map<String, String> values(Plan plan, Step step, Host host, java.util.Set<String> captured) {
        Map<String, String> out = new LinkedHashMap<>();
        var resolver = Values.resolver(plan, host, Map.of(), "", false);
        for (String name : StepTexts.names(step)) {
            Param p = plan.procedure().params().get(name);
            if (!captured.contains(name) && !name.equals("run_id") && !(p != null && p.secret())) {
                out.put(name, resolver.apply(name));
            }
        }
        return out;
    }

    /** The hosts' settings and values as the unversioned fingerprint wrote them. */
    private static String settings(List<Host> hosts, Map<String, Map<String, String>> values) {
        StringBuilder sb = new StringBuilder();
        for (Host h : hosts) {
            sb.append('\n').append(h.name()).append(' ').append(h.connection()).append(' ').append(h.ssh()).append(' ')
                    .append(h.mysql());
            values.get(h.name()).forEach((k, v) -> sb.append('\n').append(k).append('=').append(v));
        }
        return sb.toString();
    }
}
