package io.stepwise.load;

import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SecretRef;
import io.stepwise.model.SshSettings;
import io.stepwise.text.Suggest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads an inventory file into an {@link Inventory}, per-host ssh/mysql settings merged over the cluster's. */
public final class InventoryLoader {
    static final Set<String> KEYS = Set.of("cluster", "rehearsal", "hosts", "ssh", "mysql", "vars", "notify");
    static final Set<String> HOST_KEYS = Set.of("name", "address", "roles", "connection", "ssh", "mysql", "vars");
    static final Set<String> SSH_KEYS = Set.of("user", "port", "identity", "known_hosts", "connect_timeout", "keepalive",
            "use_config", "proxy_jump", "agent");
    static final Set<String> MYSQL_KEYS = Set.of("user", "password", "host", "port", "database", "direct");

    private InventoryLoader() {
    }

    public static Inventory load(Path file) {
        return read(file).orThrow();
    }

    public static Loaded<Inventory> read(Path file) {
        TextFile.Text t = TextFile.read(file);
        return t.text() == null ? new Loaded<>(null, t.problems()) : parse(file.toString(), t.text());
    }

    public static Loaded<Inventory> parse(String name, String text) {
        if (text == null) {
            return new Loaded<>(null, List.of(new Problem(new io.stepwise.model.Mark(name, 1, 1), Problem.Severity.ERROR,
                    "no text to read")));
        }
        Source src = new Source(name, text);
        Inventory inv = null;
        try {
            inv = build(src, text);
        } catch (StackOverflowError e) {
            src.error(src.markAt(0), "the file is too deeply nested to check");
        }
        return new Loaded<>(src.hasErrors() ? null : inv, ProcedureLoader.sorted(src.problems()));
    }

    private static Inventory build(Source src, String text) {
        Node root = Yaml.compose(src);
        if (root == null) {
            return null;
        }
        MappingNode top = Nodes.mapping(src, root, "inventory file");
        if (top == null) {
            return null;
        }
        Fields f = new Fields(src, top, "inventory", KEYS);
        String cluster = f.text("cluster", true);
        if (cluster != null && (cluster.isBlank() || cluster.length() > 64 || cluster.chars().anyMatch(
                c -> c < 0x20 || io.stepwise.text.Escape.isControl(c)))) {
            src.error(f.get("cluster"), "inventory: cluster must be 1 to 64 characters without control characters"
                    + " (newline, tab, escape); it names the cluster in status, reports and notifications");
        }
        boolean rehearsal = Boolean.TRUE.equals(f.bool("rehearsal"));
        SshSettings ssh = f.has("ssh") ? ssh(src, f.get("ssh"), "ssh") : SshSettings.EMPTY;
        MysqlSettings mysql = f.has("mysql") ? mysql(src, f.get("mysql"), "mysql") : MysqlSettings.EMPTY;
        Map<String, String> vars = f.has("vars") ? vars(src, f.get("vars"), "vars") : Map.of();
        if (f.has("notify")) {
            NotifyLoader.block(src, f.get("notify")); // checked with the inventory; read for a run by NotifyLoader
        }
        List<Host> hosts = new ArrayList<>();
        Node hostsNode = f.require("hosts");
        SequenceNode seq = hostsNode == null ? null : Nodes.sequence(src, hostsNode, "hosts");
        Map<String, Node> names = new LinkedHashMap<>();
        if (seq != null) {
            if (seq.getValue().isEmpty()) {
                src.error(hostsNode, "hosts: list at least one host");
            }
            int i = 0;
            for (Node n : seq.getValue()) {
                Host h = host(src, n, ++i, ssh == null ? SshSettings.EMPTY : ssh, mysql == null ? MysqlSettings.EMPTY : mysql);
                if (h == null) {
                    continue;
                }
                Node prev = names.putIfAbsent(h.name(), n);
                if (prev != null) {
                    src.error(n, "duplicate host name '" + h.name() + "' (first at line " + src.mark(prev).line() + ")");
                }
                hosts.add(h);
            }
        }
        return new Inventory(cluster, List.copyOf(hosts), ssh, mysql, vars, src.name, text, rehearsal);
    }

    private static Host host(Source src, Node n, int index, SshSettings ssh, MysqlSettings mysql) {
        String what = "host " + index;
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        what = Nodes.peek(m, "name").map(x -> "host '" + x + "'").orElse(what);
        Fields f = new Fields(src, m, what, HOST_KEYS);
        String name = f.text("name", true);
        if (name != null) {
            what = "host '" + name + "'";
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                src.error(f.get("name"), what + ": name must be letters, digits, '.', '-' and '_'");
            }
        }
        Host.Connection connection = Host.Connection.SSH;
        String c = f.text("connection", false);
        if (c != null) {
            try {
                connection = Host.Connection.valueOf(c.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                src.error(f.get("connection"), what + ": unknown connection '" + Yaml.abbreviate(c) + "'"
                        + Suggest.didYouMean(c, List.of("ssh", "local", "manual")) + "; expected ssh, local or manual");
            }
        }
        String address = f.text("address", false);
        if (address == null && !f.has("address")) {
            if (connection == Host.Connection.SSH) {
                src.error(m, what + ": missing required key 'address' (an ssh host needs an address or an ~/.ssh/config alias)");
            } else if (connection == Host.Connection.LOCAL) {
                address = "127.0.0.1";
            }
        }
        List<String> roles = f.has("roles") ? f.texts("roles") : null;
        if (!f.has("roles")) {
            src.error(m, what + ": missing required key 'roles' (e.g. roles: [primary])");
        }
        SshSettings hs = f.has("ssh") ? ssh(src, f.get("ssh"), what + " 'ssh'") : SshSettings.EMPTY;
        MysqlSettings hm = f.has("mysql") ? mysql(src, f.get("mysql"), what + " 'mysql'") : MysqlSettings.EMPTY;
        Map<String, String> vars = f.has("vars") ? vars(src, f.get("vars"), what + " 'vars'") : Map.of();
        if (roles != null && roles.isEmpty()) {
            src.warn(f.get("roles"), what + ": plays no role, so no step runs on it; list its roles or remove the host");
        }
        if (name == null || roles == null || hs == null || hm == null) {
            return null;
        }
        return new Host(name, address, List.copyOf(roles), connection, hs.orElse(ssh), hm.orElse(mysql), vars, src.mark(n));
    }

    private static SshSettings ssh(Source src, Node n, String what) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, SSH_KEYS);
        String jumps = f.text("proxy_jump", false);
        String bad = jumps == null ? null : ProxyJumpSyntax.problem(jumps);
        if (bad != null) {
            src.error(f.get("proxy_jump"), what + ": proxy_jump " + bad);
        }
        return new SshSettings(f.text("user", false), f.integer("port", 1, 65535), f.text("identity", false),
                f.text("known_hosts", false), f.duration("connect_timeout"), f.duration("keepalive"), f.bool("use_config"),
                jumps, f.text("agent", false));
    }

    private static MysqlSettings mysql(Source src, Node n, String what) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, MYSQL_KEYS);
        SecretRef password = null;
        Node p = f.get("password");
        if (p instanceof MappingNode pm) {
            Fields pf = new Fields(src, pm, what + " 'password'", Set.of("env", "file"));
            String env = pf.text("env", false);
            String file = pf.text("file", false);
            if ((env == null) == (file == null)) {
                src.error(pm, what + " 'password': give exactly one of env: NAME or file: PATH");
            } else {
                password = new SecretRef(env, file, null);
            }
        } else if (p != null) {
            String literal = Nodes.text(src, p, what + " 'password'");
            if (literal != null) {
                password = new SecretRef(null, null, literal);
                src.warn(p, "lint: password written in the inventory; use password: {env: NAME} or {file: PATH}");
            }
        }
        return new MysqlSettings(f.text("user", false), password, f.text("host", false), f.integer("port", 1, 65535),
                f.text("database", false), f.bool("direct"));
    }

    private static Map<String, String> vars(Source src, Node n, String what) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return Map.of();
        }
        Fields f = Fields.free(src, m, what);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : f.keys()) {
            if (!StepReader.VAR_NAME.matcher(k).matches()) {
                src.error(f.keyNode(k), what + ": '" + Yaml.abbreviate(k) + "' is not a variable name (letters, digits, '_')");
                continue;
            }
            String v = Nodes.isNull(f.get(k)) ? "" : Nodes.text(src, f.get(k), what + " '" + k + "'");
            if (v != null) {
                out.put(k, v);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
