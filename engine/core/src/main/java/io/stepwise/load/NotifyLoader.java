package io.stepwise.load;

import io.stepwise.model.Notify;
import io.stepwise.model.SecretRef;
import io.stepwise.text.Suggest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code notify:} block of an inventory or a {@code --notify} file: webhooks, a command, the
 * events to send, the console link, timeout and retries.
 */
public final class NotifyLoader {
    static final Set<String> KEYS = Set.of("console", "on", "timeout", "retries", "webhooks", "command");

    private NotifyLoader() {
    }

    /** The {@code notify:} block of {@code --notify FILE}; a file without one is an error. */
    public static Notify load(Path file) {
        return read(file, true).orThrow();
    }

    /** The inventory's {@code notify:} block, or null when it has none. */
    public static Notify ofInventory(Path inventory) {
        Loaded<Notify> l = read(inventory, false);
        if (!l.errors().isEmpty()) {
            throw new LoadException(l.problems());
        }
        return l.value();
    }

    /** The file's {@code notify:} block (null value when it has none and none is required). */
    static Loaded<Notify> read(Path file, boolean required) {
        TextFile.Text t = TextFile.read(file);
        if (t.text() == null) {
            return new Loaded<>(null, t.problems());
        }
        Source src = new Source(file.toString(), t.text());
        Node root = Yaml.compose(src);
        Notify notify = null;
        if (root != null) {
            MappingNode top = Nodes.mapping(src, root, "notify file");
            if (top != null) {
                Fields f = Fields.free(src, top, "file");
                notify = f.has("notify") ? block(src, f.get("notify")) : null;
                if (required && !f.has("notify")) {
                    src.error(top, "no notify: block in " + file + "; write notify: {webhooks: [{url: ...}]}"
                            + " (see docs/operator-guide.md)");
                }
            }
        }
        return new Loaded<>(src.hasErrors() ? null : notify, ProcedureLoader.sorted(src.problems()));
    }

    /** The block under {@code notify:}; null after reporting its problems. */
    static Notify block(Source src, Node n) {
        MappingNode m = Nodes.mapping(src, n, "notify");
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, "notify", KEYS);
        String console = f.text("console", false);
        if (console != null && !console.matches("https?://\\S+")) {
            src.error(f.get("console"), "notify 'console': expected the console's URL (http://HOST:PORT), got '"
                    + Yaml.abbreviate(console) + "'");
        }
        Set<Notify.Event> on = f.has("on") ? events(src, f.get("on"), "notify 'on'") : EnumSet.allOf(Notify.Event.class);
        Duration timeout = f.has("timeout") ? f.duration("timeout") : Notify.DEFAULT_TIMEOUT;
        Integer retries = f.has("retries") ? f.integer("retries", 0, 10) : Integer.valueOf(Notify.DEFAULT_RETRIES);
        List<Notify.Webhook> hooks = new ArrayList<>();
        if (f.has("webhooks")) {
            SequenceNode seq = Nodes.sequence(src, f.get("webhooks"), "notify 'webhooks'");
            int i = 0;
            for (Node item : seq == null ? List.<Node>of() : seq.getValue()) {
                Notify.Webhook h = webhook(src, item, "notify webhook " + ++i);
                if (h != null) {
                    hooks.add(h);
                }
            }
        }
        String command = f.text("command", false);
        if (hooks.isEmpty() && command == null) {
            src.error(m, "notify: give webhooks: [{url: ...}] and/or command: ...; as it is nobody is told");
        }
        return timeout == null || retries == null ? null
                : new Notify(console, on == null ? Set.of() : on, timeout, retries, hooks, command);
    }

    /** Headers a webhook may not set: the HTTP client refuses the first five, Stepwise sets the last. */
    private static final Set<String> SET_BY_STEPWISE = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "content-type");

    private static Notify.Webhook webhook(Source src, Node n, String what) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, Set.of("url", "headers", "on"));
        Node urlNode = f.require("url");
        SecretRef url = urlNode == null ? null : value(src, urlNode, what + " 'url'");
        if (url != null && url.literal() != null && !Notify.Webhook.httpUrl(url.literal())) {
            src.error(urlNode, what + " 'url': expected an http:// or https:// URL with a host, got '"
                    + Yaml.abbreviate(url.literal()) + "'");
        }
        Map<String, SecretRef> headers = new LinkedHashMap<>();
        if (f.has("headers")) {
            MappingNode hm = Nodes.mapping(src, f.get("headers"), what + " 'headers'");
            if (hm != null) {
                Fields hf = Fields.free(src, hm, what + " 'headers'");
                for (String name : hf.keys()) {
                    if (!name.matches("[A-Za-z0-9-]+")) {
                        src.error(hf.keyNode(name), what + " 'headers': '" + Yaml.abbreviate(name)
                                + "' is not a header name (letters, digits, '-')");
                        continue;
                    }
                    if (SET_BY_STEPWISE.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        src.error(hf.keyNode(name), what + " 'headers': " + name + " is set by the HTTP client or by"
                                + " Stepwise (Content-Type: application/json) and cannot be given; remove it");
                        continue;
                    }
                    SecretRef v = value(src, hf.get(name), what + " header '" + name + "'");
                    if (v != null) {
                        headers.put(name, v);
                    }
                }
            }
        }
        Set<Notify.Event> on = f.has("on") ? events(src, f.get("on"), what + " 'on'") : null;
        return url == null ? null : new Notify.Webhook(url, headers, on);
    }

    /** A literal, or {@code {env: NAME}}. */
    private static SecretRef value(Source src, Node n, String what) {
        if (n instanceof MappingNode m) {
            Fields f = new Fields(src, m, what, Set.of("env"));
            String env = f.text("env", true);
            return env == null ? null : new SecretRef(env, null, null);
        }
        String literal = Nodes.text(src, n, what);
        return literal == null ? null : new SecretRef(null, null, literal);
    }

    private static Set<Notify.Event> events(Source src, Node n, String what) {
        if (Nodes.texts(src, n, what) == null) {
            return null;
        }
        Set<Notify.Event> out = EnumSet.noneOf(Notify.Event.class);
        List<String> known = Arrays.stream(Notify.Event.values()).map(Notify.Event::yamlName).toList();
        for (Node item : n instanceof SequenceNode seq ? seq.getValue() : List.of(n)) {
            String name = Nodes.text(src, item, what);
            if (name == null) {
                continue;
            }
            Notify.Event e = Arrays.stream(Notify.Event.values()).filter(x -> x.yamlName().equals(name)).findFirst()
                    .orElse(null);
            if (e == null) {
                src.error(item, what + ": unknown event '" + Yaml.abbreviate(name) + "'" + Suggest.didYouMean(name, known)
                        + "; expected " + String.join(", ", known));
            } else {
                out.add(e);
            }
        }
        return out;
    }
}
