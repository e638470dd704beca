package io.stepwise.load;

import io.stepwise.model.Inventory;
import io.stepwise.model.Param;
import io.stepwise.model.Procedure;
import io.stepwise.model.RoleSpec;
import io.stepwise.model.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a procedure file: YAML → nodes → {@link Procedure}, with every error and lint warning of the file
 * found in one pass. Given an inventory, also checks the procedure against it.
 */
public final class ProcedureLoader {
    static final Set<String> KEYS = Set.of("procedure", "title", "description", "roles", "params", "steps",
            "postconditions", "state");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private ProcedureLoader() {
    }

    /** Loads a procedure; errors (not warnings) throw. */
    public static Procedure load(Path file) {
        return read(file, null).orThrow();
    }

    /** Reads a procedure, never throwing for its content: the value (null on errors) and all problems. */
    public static Loaded<Procedure> read(Path file, Inventory inventory) {
        TextFile.Text t = TextFile.read(file);
        return t.text() == null ? new Loaded<>(null, t.problems()) : parse(file.toString(), t.text(), inventory);
    }

    /** Same as {@link #read} on text already in memory; {@code name} is used in marks. */
    public static Loaded<Procedure> parse(String name, String text, Inventory inventory) {
        if (text == null) {
            return new Loaded<>(null, List.of(new Problem(new io.stepwise.model.Mark(name, 1, 1), Problem.Severity.ERROR,
                    "no text to read")));
        }
        Source src = new Source(name, text);
        Procedure p = null;
        try {
            p = build(src, text, inventory);
        } catch (StackOverflowError e) {
            src.error(src.markAt(0), "the file is too deeply nested to check");
        }
        return new Loaded<>(src.hasErrors() ? null : p, sorted(src.problems()));
    }

    /** Problems of a loaded procedure against an inventory: roles without hosts, too many hosts, unreachable steps. */
    public static List<Problem> check(Procedure procedure, Inventory inventory) {
        Source src = new Source(procedure.source(), procedure.text() == null ? "" : procedure.text());
        InventoryChecks.against(src, procedure, inventory);
        return sorted(src.problems());
    }

    static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(java.util.Comparator.comparing((Problem x) -> x.mark().line()).thenComparing(x -> x.mark().column()));
        return List.copyOf(out);
    }

    private static Procedure build(Source src, String text, Inventory inventory) {
        Node root = Yaml.compose(src);
        if (root == null) {
            return null;
        }
        MappingNode top = Nodes.mapping(src, root, "procedure file");
        if (top == null) {
            return null;
        }
        Fields f = new Fields(src, top, "procedure", KEYS);
        String name = f.text("procedure", true);
        if (name != null && !NAME.matcher(name).matches()) {
            src.error(f.get("procedure"), "procedure name '" + Yaml.abbreviate(name)
                    + "' must be lower-case letters, digits and '-', e.g. secondary-resync");
        }
        String title = f.text("title", true);
        String description = f.has("description") ? f.text("description", false) : null;
        List<Use> uses = new ArrayList<>();
        Map<String, Node> roleNodes = new LinkedHashMap<>();
        Node rolesNode = f.require("roles");
        MappingNode rolesMap = rolesNode == null ? null : Nodes.mapping(src, rolesNode, "roles");
        Fields rf = rolesMap == null ? null : Fields.free(src, rolesMap, "roles");
        if (rf != null) {
            rf.keys().forEach(k -> roleNodes.put(k, rf.keyNode(k)));
            if (rf.keys().isEmpty()) {
                src.error(rolesNode, "roles: declare at least one role, e.g. 'primary: Provisioning master'");
            }
        }
        StepReader reader = new StepReader(src, roleNodes.keySet(), uses);
        Map<String, RoleSpec> roles = rf == null ? Map.of() : roles(src, rf, reader);
        Map<String, Param> params = f.has("params") ? params(src, f.get("params")) : Map.of();
        List<StepReader.Read> reads = new ArrayList<>();
        Node stepsNode = f.require("steps");
        SequenceNode seq = stepsNode == null ? null : Nodes.sequence(src, stepsNode, "steps");
        if (seq != null) {
            if (seq.getValue().isEmpty()) {
                src.error(stepsNode, "steps: a procedure needs at least one step");
            }
            String previous = null;
            for (int i = 0; i < seq.getValue().size(); i++) {
                StepReader.Read r = reader.read(seq.getValue().get(i), i, previous);
                if (r != null) {
                    reads.add(r);
                    previous = r.step().id();
                }
            }
        }
        List<io.stepwise.model.FinalCheck> finalChecks = new ArrayList<>();
        FinalCheckReader fr = new FinalCheckReader(src, roleNodes.keySet(), uses, reader);
        Map<String, Node> checkIds = new LinkedHashMap<>();
        for (var kind : io.stepwise.model.FinalCheck.Kind.values()) {
            if (f.has(kind.key())) {
                finalChecks.addAll(fr.read(f.get(kind.key()), kind, checkIds));
            }
        }
        Graph graph = new Graph(src, reads);
        new Variables(src, params, roles, reads, graph, inventory).check(uses);
        Lint.check(src, uses);
        List<Step> steps = reads.stream().map(StepReader.Read::step).toList();
        Procedure p = new Procedure(name, title, description, roles, params, steps, finalChecks, src.name, text);
        if (inventory != null && !src.hasErrors()) {
            InventoryChecks.against(src, p, inventory);
        }
        return p;
    }

    private static Map<String, RoleSpec> roles(Source src, Fields rf, StepReader reader) {
        Map<String, RoleSpec> out = new LinkedHashMap<>();
        for (String role : rf.keys()) {
            Node n = rf.get(role);
            if (!StepReader.ID.matcher(role).matches()) {
                src.error(rf.keyNode(role), "role name '" + Yaml.abbreviate(role) + "' must be lower-case letters, digits, '-' and '_'");
            }
            String what = "role '" + role + "'";
            if (n instanceof ScalarNode) {
                out.put(role, new RoleSpec(role, Nodes.isNull(n) ? "" : Nodes.text(src, n, what), 1, List.of(), src.mark(rf.keyNode(role))));
                continue;
            }
            MappingNode m = Nodes.mapping(src, n, what);
            if (m == null) {
                continue;
            }
            Fields f = new Fields(src, m, what, Set.of("description", "count", "checks"));
            String description = f.text("description", false);
            int count = 1;
            String c = f.text("count", false);
            if (c != null && !c.equals("1")) {
                if (c.equals("any")) {
                    count = 0;
                } else {
                    src.error(f.get("count"), what + " 'count': expected 1 or any, got '" + Yaml.abbreviate(c) + "'");
                }
            }
            List<Step> checks = f.has("checks") ? reader.checks(f.get("checks"), role) : List.of();
            out.put(role, new RoleSpec(role, description == null ? "" : description, count, checks, src.mark(rf.keyNode(role))));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Map<String, Param> params(Source src, Node n) {
        MappingNode m = Nodes.mapping(src, n, "params");
        if (m == null) {
            return Map.of();
        }
        Fields pf = Fields.free(src, m, "params");
        Map<String, Param> out = new LinkedHashMap<>();
        for (String name : pf.keys()) {
            Node v = pf.get(name);
            if (!StepReader.VAR_NAME.matcher(name).matches()) {
                src.error(pf.keyNode(name), "param name '" + Yaml.abbreviate(name) + "' must be letters, digits and '_'");
                continue;
            }
            var mark = src.mark(pf.keyNode(name));
            if (v instanceof ScalarNode) {
                out.put(name, new Param(name, Nodes.isNull(v) ? null : ((ScalarNode) v).getValue(), false, null, mark));
                continue;
            }
            MappingNode pm = Nodes.mapping(src, v, "param '" + name + "'");
            if (pm == null) {
                continue;
            }
            Fields f = new Fields(src, pm, "param '" + name + "'", Set.of("default", "secret", "description"));
            String def = f.has("default") && !Nodes.isNull(f.get("default")) ? f.text("default", false) : null;
            boolean secret = Boolean.TRUE.equals(f.bool("secret"));
            if (secret && def != null) {
                src.error(f.get("default"), "param '" + name + "': a secret cannot have a default in the file;"
                        + " give it at run time (" + new Param(name, null, true, null, mark).envName() + " or the prompt)");
            }
            out.put(name, new Param(name, def, secret, f.text("description", false), mark));
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
