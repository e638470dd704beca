package io.stepwise.load;

import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Param;
import io.stepwise.model.RoleSpec;
import io.stepwise.text.ShellContext;
import io.stepwise.text.Suggest;
import io.stepwise.text.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Checks every {@code {{name}}} of a procedure: well-formed, a known filter, and provided by a param, a
 * capture of a step that always runs before, a built-in, or (when an inventory is given) the inventory's vars.
 */
final class Variables {
    static final Set<String> BUILT_INS = Set.of("run_id", "cluster");
    static final Set<String> HOST_FIELDS = Set.of("name", "address", "mysql_port");
    /** Prefix of a {@link Use#stepId()} that belongs to a postcondition or state probe: every capture is known then. */
    static final String AT_END = "@";

    private final Source src;
    private final Map<String, Param> params;
    private final Map<String, RoleSpec> roles;
    private final Graph graph;
    private final Inventory inventory;
    private final Map<String, List<String>> capturedBy = new LinkedHashMap<>();

    Variables(Source src, Map<String, Param> params, Map<String, RoleSpec> roles, List<StepReader.Read> reads, Graph graph,
              Inventory inventory) {
        this.src = src;
        this.params = params;
        this.roles = roles;
        this.graph = graph;
        this.inventory = inventory;
        for (StepReader.Read r : graph.steps().values()) {
            for (var e : r.captureNodes().entrySet()) {
                capturedBy.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(r.step().id());
                if (params.containsKey(e.getKey())) {
                    src.error(e.getValue(), "step '" + r.step().id() + "' captures '" + e.getKey()
                            + "', which is also a param: rename the capture");
                }
            }
        }
    }

    void check(List<Use> uses) {
        for (Use u : uses) {
            syntax(u);
            Map<String, Integer> occurrences = new LinkedHashMap<>();
            List<ShellContext.Place> places = u.kind() == Use.Kind.SHELL ? ShellContext.places(u.text()) : null;
            List<Template.Ref> refs = Template.refs(u.text());
            for (int k = 0; k < refs.size(); k++) {
                Template.Ref ref = refs.get(k);
                String token = u.text().substring(ref.start(), ref.end());
                int occurrence = occurrences.merge(token, 1, Integer::sum) - 1;
                String problem = problem(u, ref);
                if (problem == null && places != null && !"raw".equals(ref.filter())) {
                    problem = places.get(k).problem();
                }
                if (problem != null) {
                    String where = u.stepId() == null ? "role '" + u.role() + "' check: "
                            : u.stepId().startsWith(AT_END) ? u.stepId().substring(AT_END.length()) + ": "
                            : "step '" + u.stepId() + "': ";
                    src.error(src.locate(u.node(), token, occurrence), where + problem);
                }
            }
        }
    }

    private void syntax(Use u) {
        String t = u.text();
        List<int[]> ok = new ArrayList<>();
        Matcher m = Template.VAR.matcher(t);
        while (m.find()) {
            ok.add(new int[] {m.start(), m.end()});
        }
        int from = 0;
        int occurrence = 0;
        while ((from = t.indexOf("{{", from)) >= 0) {
            int at = from;
            if (ok.stream().noneMatch(r -> at >= r[0] && at < r[1])) {
                int close = t.indexOf("}}", at);
                String bad = close < 0 ? t.substring(at, Math.min(t.length(), at + 20)) : t.substring(at, close + 2);
                src.error(src.locate(u.node(), "{{", occurrence), "malformed template '" + Yaml.abbreviate(bad)
                        + "': write {{name}} or {{name|raw}} / {{name|ident}} (names: letters, digits, '_', '.')");
                return;
            }
            occurrence++;
            from += 2;
        }
    }

    private String problem(Use u, Template.Ref ref) {
        String name = ref.name();
        if (!Template.knownFilter(ref.filter())) {
            return "unknown template filter '|" + ref.filter() + "' in {{" + name + "|" + ref.filter() + "}}"
                    + Suggest.didYouMean(ref.filter(), List.of("raw", "ident")) + ": known filters are raw and ident";
        }
        if ("ident".equals(ref.filter()) && u.kind() != Use.Kind.SQL) {
            return "'|ident' applies only in sql: (it back-quotes an SQL identifier); remove it here";
        }
        if (name.startsWith("host.")) {
            return hostField(u.role(), name.substring(5), "{{" + name + "}}");
        }
        if (name.startsWith("roles.")) {
            return roleField(name);
        }
        if (BUILT_INS.contains(name) || params.containsKey(name)) {
            return null;
        }
        List<String> capturers = capturedBy.get(name);
        if (capturers != null) {
            if (u.stepId() == null) {
                return "{{" + name + "}} is a capture, but role checks run before any step: use a param";
            }
            if (u.stepId().startsWith(AT_END)) {
                return null;
            }
            Set<String> before = graph.ancestors(u.stepId());
            if (capturers.stream().anyMatch(before::contains)) {
                mayBeSkipped(u, ref, name, capturers, before);
                return null;
            }
            if (capturers.contains(u.stepId())) {
                return "{{" + name + "}} is captured by this step itself, so it has no value yet here;"
                        + " only later steps (those that need '" + u.stepId() + "') can use it";
            }
            String c = capturers.get(0);
            return "{{" + name + "}} is captured by step '" + c + "', which does not always run before step '" + u.stepId()
                    + "': add '" + c + "' to the needs of '" + u.stepId() + "' (or of a step it needs)";
        }
        if (inventory != null && inventoryProvides(u.role(), name)) {
            return null;
        }
        Set<String> known = new LinkedHashSet<>(params.keySet());
        known.addAll(capturedBy.keySet());
        known.addAll(BUILT_INS);
        return "unknown variable {{" + name + "}}" + Suggest.didYouMean(name, known)
                + ": not a param, a capture or a built-in" + (inventory == null
                ? "; declare it under params: (the inventory's vars: can then set its value)"
                : ", and not in the inventory's vars; declare it under params: or add it to the inventory's vars:");
    }

    /** A warning when every ancestor that captures {@code name} is optional or conditional. */
    private void mayBeSkipped(Use u, Template.Ref ref, String name, List<String> capturers, Set<String> before) {
        List<String> sources = capturers.stream().filter(before::contains).toList();
        boolean allSkippable = sources.stream().map(id -> graph.steps().get(id).step())
                .allMatch(s -> s.optional() || s.when() != null);
        if (allSkippable) {
            String c = sources.get(0);
            String token = u.text().substring(ref.start(), ref.end());
            src.warn(src.locate(u.node(), token, 0), "step '" + u.stepId() + "': {{" + name + "}} is captured by step '" + c
                    + "', which may be skipped (optional or when:); then this step fails for want of a value");
        }
    }

    private boolean inventoryProvides(String role, String name) {
        if (inventory.vars().containsKey(name)) {
            return true;
        }
        List<Host> hosts = role == null ? List.of() : inventory.hostsWithRole(role);
        return !hosts.isEmpty() && hosts.stream().allMatch(h -> h.vars().containsKey(name));
    }

    private String hostField(String role, String field, String token) {
        if (HOST_FIELDS.contains(field) || inventory == null || role == null) {
            return null;
        }
        List<Host> hosts = inventory.hostsWithRole(role);
        List<String> missing = hosts.stream().filter(h -> !h.vars().containsKey(field)).map(Host::name).toList();
        return missing.isEmpty() ? null : token + ": host " + String.join(", ", missing) + " has no var '" + field
                + "' in the inventory; add it to the host's vars:";
    }

    private String roleField(String name) {
        String[] parts = name.split("\\.", 3);
        if (parts.length < 3) {
            return "{{" + name + "}}: write {{roles.ROLE.address}} (or .name, .mysql_port, .VAR)";
        }
        String role = parts[1];
        RoleSpec spec = roles.get(role);
        if (spec == null) {
            return "{{" + name + "}}: role '" + role + "' is not declared under roles:" + Suggest.didYouMean(role, roles.keySet());
        }
        if (spec.count() != 1) {
            return "{{" + name + "}}: role '" + role + "' may have several hosts (count: any), so it has no single "
                    + parts[2] + "; use a role with count 1";
        }
        return hostField(role, parts[2], "{{" + name + "}}");
    }
}
