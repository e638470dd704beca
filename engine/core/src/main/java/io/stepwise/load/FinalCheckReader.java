package io.stepwise.load;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.FinalCheck;
import io.stepwise.text.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code postconditions:} and {@code state:}: read-only probes on a role, run once every step is
 * done. Their templates may use any capture (every step has run by then), see {@link Variables#AT_END}.
 */
final class FinalCheckReader {
    private static final Set<String> KEYS = Set.of("id", "title", "on", "run", "sql", "replication", "database",
            "expect", "capture");

    private final Source src;
    private final Set<String> roles;
    private final ActionReader actions;
    private final StepReader steps;

    FinalCheckReader(Source src, Set<String> roles, List<Use> uses, StepReader steps) {
        this.src = src;
        this.roles = roles;
        this.actions = new ActionReader(src, roles, uses);
        this.steps = steps;
    }

    /** The entries of one block, in file order; {@code ids} collects every id seen (duplicates are errors). */
    List<FinalCheck> read(Node n, FinalCheck.Kind kind, Map<String, Node> ids) {
        String block = kind.key();
        SequenceNode seq = Nodes.sequence(src, n, block);
        List<FinalCheck> out = new ArrayList<>();
        if (seq == null) {
            return out;
        }
        int i = 0;
        for (Node item : seq.getValue()) {
            i++;
            String fallback = (kind == FinalCheck.Kind.POSTCONDITION ? "postcondition-" : "state-") + i;
            String what = block + " entry " + i;
            MappingNode m = Nodes.mapping(src, item, what);
            if (m == null) {
                continue;
            }
            Fields f = new Fields(src, m, what, kind == FinalCheck.Kind.STATE ? without(KEYS, "expect") : KEYS);
            String id = f.has("id") ? f.text("id", false) : fallback;
            if (id != null && !StepReader.ID.matcher(id).matches()) {
                src.error(f.get("id"), what + ": id '" + Yaml.abbreviate(id) + "' must be lower-case letters, digits,"
                        + " '-' and '_'");
            } else if (id != null && ids.putIfAbsent(id, f.has("id") ? f.get("id") : item) != null) {
                src.error(f.has("id") ? f.get("id") : item, what + ": id '" + id + "' is used twice among"
                        + " postconditions and state probes; give each an id of its own");
            }
            String title = f.text("title", false);
            String on = f.text("on", true);
            if (on != null && !roles.contains(on)) {
                src.error(f.get("on"), what + ": role '" + Yaml.abbreviate(on) + "' is not declared under roles:"
                        + Suggest.didYouMean(on, roles) + (roles.isEmpty() ? "" : "; declared: " + String.join(", ", roles)));
            }
            Action probe = actions.probe(f, what, Variables.AT_END + block + " '" + (id == null ? fallback : id) + "'",
                    on);
            Expect expect = f.has("expect") ? ExpectReader.read(src, f.get("expect"), what + " 'expect'") : null;
            Map<String, String> capture = f.has("capture") && probe != null
                    ? steps.capture(f.get("capture"), what, probe, new LinkedHashMap<>()) : Map.of();
            if (probe != null && id != null) {
                out.add(new FinalCheck(kind, id, title != null ? title : id, on, probe, expect, capture, src.mark(item)));
            }
        }
        return out;
    }

    private static Set<String> without(Set<String> keys, String key) {
        Set<String> out = new java.util.LinkedHashSet<>(keys);
        out.remove(key);
        return out;
    }
}
