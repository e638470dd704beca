package io.stepwise.load;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.Step;
import io.stepwise.text.Suggest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads one step mapping into a {@link Step}, recording its templates as {@link Use}s. */
final class StepReader {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WHEN = Pattern.compile("\\s*\\{\\{[^{}]+}}\\s*(?:(?:==|!=)\\s*'[^']*'\\s*)?");
    static final Set<String> KEYS = keys();

    /** A step and the nodes its graph checks point at. */
    record Read(Step step, MappingNode node, Node idNode, Map<String, Node> needNodes, Map<String, Node> captureNodes,
                boolean explicitNeeds) {
    }

    private final Source src;
    private final Set<String> roles;
    private final List<Use> uses;
    private final ActionReader actions;

    StepReader(Source src, Set<String> roles, List<Use> uses) {
        this.src = src;
        this.roles = roles;
        this.uses = uses;
        this.actions = new ActionReader(src, roles, uses);
    }

    private static Set<String> keys() {
        Set<String> k = new LinkedHashSet<>(List.of("id", "title", "on", "needs", "when", "optional", "capture", "expect",
                "timeout", "retries", "retry_delay", "idempotent", "parallel", "verify", "database", "read_only", "on_timeout"));
        k.addAll(ActionReader.ACTIONS);
        k.addAll(GateReader.KEYS);
        return k;
    }

    Read read(Node n, int index, String previousId) {
        String what = "step " + (index + 1);
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        what = Nodes.peek(m, "id").map(x -> "step '" + x + "'").orElse(what);
        Fields f = new Fields(src, m, what, KEYS);
        String id = f.text("id", true);
        if (id != null && !ID.matcher(id).matches()) {
            src.error(f.get("id"), what + ": id '" + Yaml.abbreviate(id) + "' must be lower-case letters, digits, '-' and '_'"
                    + " (starting with a letter or digit)");
        }
        if (id != null) {
            what = "step '" + id + "'";
        }
        String stepId = id != null ? id : "#" + (index + 1);
        String title = f.text("title", false);
        String on = f.text("on", true);
        if (on != null && !roles.contains(on)) {
            src.error(f.get("on"), what + ": role '" + Yaml.abbreviate(on) + "' is not declared under roles:"
                    + Suggest.didYouMean(on, roles) + (roles.isEmpty() ? "" : "; declared: " + String.join(", ", roles)));
        }
        Map<String, Node> needNodes = new LinkedHashMap<>();
        boolean explicitNeeds = f.has("needs");
        if (explicitNeeds) {
            readNeeds(f.get("needs"), what, needNodes);
        }
        List<String> needs = explicitNeeds ? List.copyOf(needNodes.keySet())
                : previousId == null ? List.of() : List.of(previousId);
        String when = f.text("when", false);
        if (when != null) {
            if (!WHEN.matcher(when).matches()) {
                src.error(f.get("when"), what + " 'when': expected \"{{x}}\", \"{{x}} == 'value'\" or \"{{x}} != 'value'\", got '"
                        + Yaml.abbreviate(when) + "'");
            }
            uses.add(new Use(f.get("when"), when, Use.Kind.WHEN, stepId, on));
        }
        boolean optional = Boolean.TRUE.equals(f.bool("optional"));
        Duration timeout = f.duration("timeout");
        Integer retries = f.integer("retries", 0, 100);
        Duration retryDelay = f.duration("retry_delay");
        boolean idempotent = Boolean.TRUE.equals(f.bool("idempotent"));
        Integer parallel = f.integer("parallel", 1, 1000);
        Expect expect = f.has("expect") ? ExpectReader.read(src, f.get("expect"), what + " 'expect'") : null;
        Action action = actions.step(f, what, stepId, on, timeout);
        Action verify = f.has("verify") ? verify(f.get("verify"), what + " 'verify'", stepId, on) : null;
        Map<String, Node> captureNodes = new LinkedHashMap<>();
        Map<String, String> capture = f.has("capture") ? capture(f.get("capture"), what, action, captureNodes) : Map.of();
        Step step = new Step(stepId, title != null ? title : stepId, on, needs, when, optional, capture, expect, timeout,
                retries == null ? 0 : retries, retryDelay, idempotent, parallel == null ? 1 : parallel, verify, action,
                src.mark(n));
        return new Read(step, m, f.get("id"), needNodes, captureNodes, explicitNeeds);
    }

    private void readNeeds(Node n, String what, Map<String, Node> out) {
        List<Node> items = n instanceof SequenceNode s ? s.getValue() : List.of(n);
        for (Node item : items) {
            String need = Nodes.text(src, item, what + " 'needs'");
            if (need != null && out.putIfAbsent(need, item) != null) {
                src.error(item, what + " 'needs': '" + Yaml.abbreviate(need) + "' is listed twice");
            }
        }
    }

    Action verify(Node n, String what, String stepId, String role) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, Set.of("run", "sql", "replication", "database", "expect"));
        Action probe = actions.probe(f, what, stepId, role);
        if (!f.has("expect")) {
            return probe;
        }
        Expect expect = ExpectReader.read(src, f.get("expect"), what + " 'expect'");
        return probe == null || expect == null ? null : new Action.Wait(probe, expect, null, null);
    }

    Map<String, String> capture(Node n, String what, Action action, Map<String, Node> nodes) {
        MappingNode m = Nodes.mapping(src, n, what + " 'capture'");
        if (m == null) {
            return Map.of();
        }
        Action source = action instanceof Action.Wait w ? w.probe() : action;
        if (action != null && !(source instanceof Action.Shell || source instanceof Action.Sql
                || source instanceof Action.Replication)) {
            src.error(n, what + " 'capture': only run, sql, replication and wait steps produce values to capture");
            return Map.of();
        }
        Fields f = Fields.free(src, m, what + " 'capture'");
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : f.keys()) {
            if (!VAR_NAME.matcher(name).matches()) {
                src.error(f.keyNode(name), what + " 'capture': '" + Yaml.abbreviate(name)
                        + "' is not a variable name (letters, digits, '_')");
                continue;
            }
            String v = Nodes.text(src, f.get(name), what + " capture '" + name + "'");
            if (v == null) {
                continue;
            }
            if (source instanceof Action.Shell) {
                var p = ExpectReader.compile(src, f.get(name), v, what + " capture '" + name + "'");
                if (p != null && p.matcher("").groupCount() != 1) {
                    src.error(f.get(name), what + " capture '" + name + "': the regular expression must have exactly one"
                            + " group (...) around the value, it has " + p.matcher("").groupCount());
                }
            }
            out.put(name, v);
            nodes.put(name, f.keyNode(name));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Role checks: read-only probes with optional expect and title; ids {@code check-<role>-<n>}. */
    List<Step> checks(Node n, String role) {
        SequenceNode seq = Nodes.sequence(src, n, "role '" + role + "' 'checks'");
        List<Step> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        int i = 0;
        for (Node item : seq.getValue()) {
            i++;
            String id = "check-" + role + "-" + i;
            String what = "role '" + role + "' check " + i;
            MappingNode m = Nodes.mapping(src, item, what);
            if (m == null) {
                continue;
            }
            Fields f = new Fields(src, m, what, Set.of("run", "sql", "replication", "database", "expect", "title"));
            String title = f.text("title", false);
            Action probe = actions.probe(f, what, null, role);
            Expect expect = f.has("expect") ? ExpectReader.read(src, f.get("expect"), what + " 'expect'") : null;
            if (probe != null) {
                out.add(new Step(id, title != null ? title : id, role, List.of(), null, false, Map.of(), expect, null, 0, null,
                        true, 1, null, probe, src.mark(item)));
            }
        }
        return out;
    }
}
