package io.stepwise.load;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.Gate;
import io.stepwise.model.ReplicationOp;
import io.stepwise.text.Suggest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads the one action key of a step ({@code run}, {@code sql}, {@code wait}, ...) and probes. */
final class ActionReader {
    static final List<String> ACTIONS = List.of("run", "sql", "wait", "manual", "copy", "reboot", "replication");
    static final List<String> PROBES = List.of("run", "sql", "replication");
    static final Set<String> CHANGE_SOURCE_ARGS = Set.of("host", "port", "user", "password", "log_file", "log_pos");
    static final Duration DEFAULT_REBOOT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_WAIT_INTERVAL = Duration.ofSeconds(5);
    private static final Pattern ENDPOINT = Pattern.compile("([a-z0-9][a-z0-9_-]*):(.*)", Pattern.DOTALL);

    private final Source src;
    private final Set<String> roles;
    private final List<Use> uses;
    private final GateReader gates;

    ActionReader(Source src, Set<String> roles, List<Use> uses) {
        this.src = src;
        this.roles = roles;
        this.uses = uses;
        this.gates = new GateReader(src, roles, this);
    }

    /** The step's action, or null after reporting why there is none. */
    Action step(Fields f, String what, String stepId, String role, Duration stepTimeout) {
        String key = onlyKey(f, what, ACTIONS);
        if (key == null) {
            return null;
        }
        if (f.has("database") && !key.equals("sql")) {
            src.error(f.keyNode("database"), what + ": 'database' applies only to sql steps");
        }
        if (f.has("read_only") && !key.equals("sql") && !key.equals("run")) {
            src.error(f.keyNode("read_only"), what + ": 'read_only' applies only to sql and run steps");
        }
        if (f.has("on_timeout") && !key.equals("manual")) {
            src.error(f.keyNode("on_timeout"), what + ": 'on_timeout' applies only to manual steps");
        }
        if (!key.equals("manual")) {
            gates.refuseOnOtherSteps(f, what);
        }
        Node n = f.get(key);
        return switch (key) {
            case "wait" -> waitAction(n, what + " 'wait'", stepId, role);
            case "manual" -> manual(f, n, what, stepId, role, stepTimeout);
            case "copy" -> copy(n, what + " 'copy'", stepId, role);
            case "reboot" -> reboot(n, what + " 'reboot'");
            default -> probeAction(f, key, what, stepId, role, false);
        };
    }

    /** A read-only probe ({@code run}, {@code sql} or {@code replication: status}) in a mapping. */
    Action probe(Fields f, String what, String stepId, String role) {
        String key = onlyKey(f, what, PROBES);
        if (key == null) {
            return null;
        }
        if (f.has("database") && !key.equals("sql")) {
            src.error(f.keyNode("database"), what + ": 'database' applies only to sql probes");
        }
        return probeAction(f, key, what, stepId, role, true);
    }

    private String onlyKey(Fields f, String what, List<String> allowed) {
        List<String> present = f.keys().stream().filter(allowed::contains).toList();
        if (present.isEmpty()) {
            src.error(f.node(), what + ": no action: give exactly one of " + String.join(", ", allowed));
            return null;
        }
        if (present.size() > 1) {
            src.error(f.keyNode(present.get(1)), what + ": several actions (" + String.join(" and ", present)
                    + "): a step does exactly one thing; split it into separate steps");
            return null;
        }
        return present.get(0);
    }

    private Action probeAction(Fields f, String key, String what, String stepId, String role, boolean probeOnly) {
        Node n = f.get(key);
        switch (key) {
            case "run" -> {
                String cmd = text(n, what + " 'run'", Use.Kind.SHELL, stepId, role);
                return cmd == null ? null : new Action.Shell(cmd, !probeOnly && Boolean.TRUE.equals(f.bool("read_only")));
            }
            case "sql" -> {
                String sql = text(n, what + " 'sql'", Use.Kind.SQL, stepId, role);
                String database = f.text("database", false);
                if (database != null) {
                    uses.add(new Use(f.get("database"), database, Use.Kind.TEXT, stepId, role));
                }
                Boolean readOnly = f.has("read_only") ? f.bool("read_only") : null;
                if (sql == null) {
                    return null;
                }
                boolean ro = readOnly != null ? readOnly : SqlKind.readOnly(sql);
                if (probeOnly && !ro) {
                    src.error(n, what + ": a probe must be read-only (SELECT, SHOW, ...), got a statement that changes data");
                }
                return new Action.Sql(sql, database, ro);
            }
            default -> {
                return replication(n, what + " 'replication'", stepId, role, probeOnly);
            }
        }
    }

    private String text(Node n, String what, Use.Kind kind, String stepId, String role) {
        String t = Nodes.text(src, n, what);
        if (t != null) {
            uses.add(new Use(n, t, kind, stepId, role));
        }
        return t;
    }

    private Action waitAction(Node n, String what, String stepId, String role) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, Set.of("run", "sql", "replication", "database", "until", "interval", "timeout"));
        Action probe = probe(f, what, stepId, role);
        Node untilNode = f.require("until");
        boolean rowProbe = probe instanceof Action.Sql || probe instanceof Action.Replication;
        Expect until = untilNode == null ? null : rowProbe && ExpectReader.isRowShorthand(untilNode)
                ? ExpectReader.readRow(src, untilNode, what + " 'until'") : ExpectReader.read(src, untilNode, what + " 'until'");
        Duration interval = f.has("interval") ? f.duration("interval") : DEFAULT_WAIT_INTERVAL;
        Duration timeout = f.duration("timeout");
        return probe == null || until == null ? null : new Action.Wait(probe, until, interval, timeout);
    }

    private Action manual(Fields f, Node n, String what, String stepId, String role, Duration timeout) {
        String instructions = text(n, what + " 'manual'", Use.Kind.TEXT, stepId, role);
        Action.OnTimeout onTimeout = f.choice("on_timeout", Action.OnTimeout.PAUSE);
        Gate gate = gates.read(f, what, stepId, role);
        return instructions == null ? null : new Action.Manual(instructions, timeout, onTimeout, gate);
    }

    private Action copy(Node n, String what, String stepId, String role) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, Set.of("from", "to", "mode", "via", "compress", "run"));
        String from = f.text("from", true);
        String to = f.text("to", true);
        String mode = f.text("mode", false);
        Action.Via via = f.choice("via", Action.Via.ENGINE);
        Boolean compress = f.has("compress") ? f.bool("compress") : Boolean.FALSE;
        if (mode != null && !mode.matches("0?[0-7]{3}")) {
            src.error(f.get("mode"), what + " 'mode': expected an octal file mode like \"0600\", got '" + Yaml.abbreviate(mode) + "'");
        }
        String[] a = from == null ? null : endpoint(f.get("from"), from, what + " 'from'", stepId, role);
        String[] b = to == null ? null : endpoint(f.get("to"), to, what + " 'to'", stepId, role);
        if (via == Action.Via.DIRECT && a != null && b != null && ("local".equals(a[0]) || "local".equals(b[0]))) {
            src.error(f.get("via"), what + " 'via: direct' runs ssh on the source host to the target host; an end on"
                    + " 'local' (the engine's machine) cannot take part — use via: engine (the default)");
            return null;
        }
        String run = f.has("run") ? text(f.get("run"), what + " 'run'", Use.Kind.SHELL, stepId, role) : null;
        if (run != null && via != Action.Via.DIRECT) {
            src.error(f.get("run"), what + " 'run': a command's output is sent while it is written only by the"
                    + " source host itself; add via: direct");
            return null;
        }
        if (run != null && compress != null && compress) {
            src.error(f.get("compress"), what + " 'compress' cannot be combined with 'run' (a command's output is"
                    + " sent as it is written, uncompressed); remove one of them");
            return null;
        }
        return a == null || b == null ? null
                : new Action.Copy(a[0], a[1], b[0], b[1], mode, via, compress != null && compress, run);
    }

    /** {@code role:path}, {@code local:path} or a bare path (the step's own role). */
    private String[] endpoint(Node n, String value, String what, String stepId, String role) {
        var m = ENDPOINT.matcher(value);
        String r = null;
        String path = value;
        if (m.matches()) {
            r = m.group(1);
            path = m.group(2);
            if (!r.equals("local") && !roles.contains(r)) {
                src.error(n, what + ": unknown role '" + r + "' in '" + Yaml.abbreviate(value) + "'"
                        + Suggest.didYouMean(r, roles) + "; write ROLE:PATH, local:PATH or a path on the step's own role");
                return null;
            }
        }
        if (path.isBlank()) {
            src.error(n, what + ": the path is empty");
            return null;
        }
        uses.add(new Use(n, path, Use.Kind.PATH, stepId, role));
        return new String[] {r, path};
    }

    private Action reboot(Node n, String what) {
        if (n instanceof ScalarNode) {
            Boolean b = Nodes.bool(src, n, what);
            if (b != null && !b) {
                src.error(n, what + ": 'reboot: false' does nothing; remove the step or write 'reboot: true'");
            }
            return b == null || !b ? null : new Action.Reboot(DEFAULT_REBOOT_TIMEOUT);
        }
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, Set.of("timeout"));
        Duration t = f.has("timeout") ? f.duration("timeout") : DEFAULT_REBOOT_TIMEOUT;
        return t == null ? null : new Action.Reboot(t);
    }

    private Action replication(Node n, String what, String stepId, String role, boolean probeOnly) {
        String opName;
        Fields f = null;
        if (n instanceof MappingNode m) {
            Set<String> keys = new java.util.HashSet<>(CHANGE_SOURCE_ARGS);
            keys.add("op");
            f = new Fields(src, m, what, keys);
            opName = f.text("op", true);
        } else {
            opName = Nodes.text(src, n, what);
        }
        if (opName == null) {
            return null;
        }
        ReplicationOp op = ReplicationOp.byName(opName);
        Node opNode = f == null ? n : f.get("op");
        if (op == null) {
            List<String> names = Arrays.stream(ReplicationOp.values()).map(ReplicationOp::yamlName).toList();
            src.error(opNode, what + ": unknown operation '" + Yaml.abbreviate(opName) + "'" + Suggest.didYouMean(opName, names)
                    + "; expected one of " + String.join(", ", names));
            return null;
        }
        if (probeOnly && !op.readOnly()) {
            src.error(opNode, what + ": a probe must be read-only: use 'replication: status', not '" + opName + "'");
            return null;
        }
        Map<String, String> args = new LinkedHashMap<>();
        if (f != null) {
            for (String k : f.keys()) {
                if (k.equals("op")) {
                    continue;
                }
                if (op != ReplicationOp.CHANGE_SOURCE) {
                    src.error(f.keyNode(k), what + ": '" + k + "' applies only to op change-source");
                    continue;
                }
                String v = Nodes.text(src, f.get(k), f.label(k));
                if (v != null && k.equals("password") && !v.contains("{{")) {
                    src.warn(f.get(k), "lint: password written inline; use a secret param: params: {repl_password: {secret: true}}"
                            + " and password: \"{{repl_password}}\"");
                }
                if (v != null) {
                    args.put(k, v);
                    uses.add(new Use(f.get(k), v, Use.Kind.TEXT, stepId, role));
                }
            }
        }
        if (op == ReplicationOp.CHANGE_SOURCE) {
            List<String> missing = List.of("host", "user", "password").stream().filter(k -> !args.containsKey(k))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                src.error(f == null ? n : f.node(), what + ": change-source needs " + String.join(", ", missing)
                        + " (write replication: {op: change-source, host: ..., user: ..., password: ...})");
                return null;
            }
        }
        return new Action.Replication(op, java.util.Collections.unmodifiableMap(args));
    }
}
