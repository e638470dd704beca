package io.stepwise.load;

import io.stepwise.model.Action;
import io.stepwise.model.Gate;
import io.stepwise.text.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a manual step's {@code approvers}, {@code four_eyes} and {@code evidence} into a {@link Gate}. */
final class GateReader {
    static final List<String> KEYS = List.of("approvers", "four_eyes", "evidence");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}");

    private final Source src;
    private final Set<String> roles;
    private final ActionReader actions;

    GateReader(Source src, Set<String> roles, ActionReader actions) {
        this.src = src;
        this.roles = roles;
        this.actions = actions;
    }

    /** Reports gate keys on a step that is not manual: they would silently guard nothing. */
    void refuseOnOtherSteps(Fields f, String what) {
        for (String k : KEYS) {
            if (f.has(k)) {
                src.error(f.keyNode(k), what + ": '" + k + "' applies only to manual steps");
            }
        }
    }

    Gate read(Fields f, String what, String stepId, String role) {
        List<String> approvers = new ArrayList<>();
        if (f.has("approvers")) {
            Set<String> seen = new LinkedHashSet<>();
            Node n = f.get("approvers");
            List<Node> items = n instanceof SequenceNode s ? s.getValue() : List.of(n);
            for (Node item : items) {
                String name = Nodes.text(src, item, f.label("approvers"));
                if (name == null) {
                    continue;
                }
                if (!NAME.matcher(name).matches()) {
                    src.error(item, f.label("approvers") + ": '" + Yaml.abbreviate(name) + "' is not an operator name"
                            + " (letters, digits, '.', '_', '-', '@'; as the login or the console's operator name)");
                } else if (!seen.add(name)) {
                    src.error(item, f.label("approvers") + ": '" + name + "' is listed twice");
                }
            }
            approvers.addAll(seen);
            if (items.isEmpty()) {
                src.error(n, f.label("approvers") + ": the list is empty, so nobody could confirm the step; name the"
                        + " approvers or remove the key");
            }
        }
        boolean fourEyes = Boolean.TRUE.equals(f.bool("four_eyes"));
        List<Gate.Evidence> evidence = f.has("evidence") ? evidence(f.get("evidence"), what + " 'evidence'", stepId, role)
                : List.of();
        return new Gate(approvers, fourEyes, evidence);
    }

    private List<Gate.Evidence> evidence(Node n, String what, String stepId, String role) {
        SequenceNode seq = Nodes.sequence(src, n, what);
        List<Gate.Evidence> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        Set<String> titles = new LinkedHashSet<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            i++;
            String label = what + " " + i;
            MappingNode m = Nodes.mapping(src, item, label);
            if (m == null) {
                continue;
            }
            Fields f = new Fields(src, m, label, Set.of("title", "on", "run", "sql", "replication", "database"));
            String title = f.text("title", true);
            if (title != null && !titles.add(title)) {
                src.error(f.get("title"), label + ": title '" + Yaml.abbreviate(title) + "' is used twice; each value"
                        + " needs its own title");
            }
            String on = f.text("on", false);
            if (on != null && !roles.contains(on)) {
                src.error(f.get("on"), label + ": role '" + Yaml.abbreviate(on) + "' is not declared under roles:"
                        + Suggest.didYouMean(on, roles));
                on = null;
            }
            Action probe = actions.probe(f, label, stepId, on != null ? on : role);
            if (probe instanceof Action.Shell s) {
                probe = new Action.Shell(s.command(), true);
            }
            if (title != null && probe != null) {
                out.add(new Gate.Evidence(title, on, probe));
            }
        }
        return out;
    }
}
