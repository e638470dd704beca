package io.stepwise.load;

import io.stepwise.text.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The keys of one YAML mapping, checked against the keys allowed there: reports unknown keys (with
 * "did you mean"), duplicate keys and non-text keys once, then hands out values by key.
 */
final class Fields {
    private final Source src;
    private final MappingNode node;
    private final String what;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    Fields(Source src, MappingNode node, String what, Set<String> allowed) {
        this.src = src;
        this.node = node;
        this.what = what;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || Nodes.isNull(k)) {
                src.error(t.getKeyNode(), what + ": keys must be plain names, got " + Nodes.kind(t.getKeyNode()));
                continue;
            }
            String key = k.getValue();
            if (entries.containsKey(key)) {
                src.error(k, what + ": duplicate key '" + key + "' (first at line "
                        + src.mark(entries.get(key).getKeyNode()).line() + ")");
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                src.error(k, what + ": unknown key '" + Yaml.abbreviate(key) + "'" + Suggest.didYouMean(key, allowed));
                continue;
            }
            entries.put(key, t);
        }
    }

    /** Keys of a free-form mapping (names chosen by the author), duplicates reported. */
    static Fields free(Source src, MappingNode node, String what) {
        return new Fields(src, node, what, null);
    }

    MappingNode node() {
        return node;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getKeyNode();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Node get(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The value node, or null after reporting that the key is missing. */
    Node require(String key) {
        Node n = get(key);
        if (n == null) {
            src.error(node, what + ": missing required key '" + key + "'");
        }
        return n;
    }

    String text(String key, boolean required) {
        Node n = required ? require(key) : get(key);
        return n == null ? null : Nodes.text(src, n, label(key));
    }

    Integer integer(String key, int min, int max) {
        Node n = get(key);
        return n == null ? null : Nodes.integer(src, n, label(key), min, max);
    }

    Boolean bool(String key) {
        Node n = get(key);
        return n == null ? null : Nodes.bool(src, n, label(key));
    }

    java.time.Duration duration(String key) {
        Node n = get(key);
        return n == null ? null : Nodes.duration(src, n, label(key));
    }

    List<String> texts(String key) {
        Node n = get(key);
        return n == null ? null : Nodes.texts(src, n, label(key));
    }

    /**
     * One of the constants of {@code absent}'s enum, written in lower case; {@code absent} when the key is not
     * there, or when its value is none of them (reported, naming them all).
     */
    <E extends Enum<E>> E choice(String key, E absent) {
        String v = text(key, false);
        if (v == null) {
            return absent;
        }
        List<String> names = new ArrayList<>();
        for (E e : absent.getDeclaringClass().getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(v)) {
                return e;
            }
            names.add(name);
        }
        String expected = String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        src.error(get(key), label(key) + ": expected " + expected + ", got '" + Yaml.abbreviate(v) + "'");
        return absent;
    }

    String label(String key) {
        return what + " '" + key + "'";
    }
}
