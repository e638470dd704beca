package io.stepwise.load;

import io.stepwise.text.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads typed values out of nodes, recording a problem (and returning null) when the type is wrong. */
final class Nodes {
    private Nodes() {
    }

    static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(n)) {
            return "nothing";
        }
        return "'" + Yaml.abbreviate(((ScalarNode) n).getValue()) + "'";
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag()) && s.isPlain();
    }

    /** A non-empty scalar's text, whatever its YAML type (numbers and booleans as written). */
    static String text(Source src, Node n, String what) {
        if (n instanceof ScalarNode s && !isNull(n)) {
            return s.getValue();
        }
        src.error(n, what + ": expected a text value, got " + kind(n));
        return null;
    }

    static Integer integer(Source src, Node n, String what, int min, int max) {
        if (n instanceof ScalarNode s && s.getValue().matches("[+-]?[0-9]{1,9}")) {
            int v = Integer.parseInt(s.getValue());
            if (v >= min && v <= max) {
                return v;
            }
            src.error(n, what + ": expected a whole number from " + min + " to " + max + ", got " + v);
            return null;
        }
        src.error(n, what + ": expected a whole number, got " + kind(n));
        return null;
    }

    static Boolean bool(Source src, Node n, String what) {
        if (n instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
        }
        src.error(n, what + ": expected true or false, got " + kind(n));
        return null;
    }

    static Duration duration(Source src, Node n, String what) {
        if (n instanceof ScalarNode s && !isNull(n)) {
            Duration d = Durations.parse(s.getValue());
            if (d != null) {
                return d;
            }
            String hint = s.getValue().matches("[0-9]+") ? " (a bare number has no unit: write " + s.getValue() + "s or "
                    + s.getValue() + "m)" : "";
            src.error(n, what + ": invalid duration '" + Yaml.abbreviate(s.getValue())
                    + "': expected e.g. 500ms, 30s, 5m, 1h, 1h30m" + hint);
            return null;
        }
        src.error(n, what + ": expected a duration like 30s or 5m, got " + kind(n));
        return null;
    }

    /** A list of texts; a single scalar counts as a one-element list. */
    static List<String> texts(Source src, Node n, String what) {
        List<String> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                String t = text(src, item, what + " item");
                if (t != null) {
                    out.add(t);
                }
            }
            return out;
        }
        if (n instanceof ScalarNode && !isNull(n)) {
            out.add(((ScalarNode) n).getValue());
            return out;
        }
        src.error(n, what + ": expected a list, got " + kind(n));
        return null;
    }

    static MappingNode mapping(Source src, Node n, String what) {
        if (n instanceof MappingNode m) {
            return m;
        }
        src.error(n, what + ": expected a mapping (key: value), got " + kind(n));
        return null;
    }

    static SequenceNode sequence(Source src, Node n, String what) {
        if (n instanceof SequenceNode s) {
            return s;
        }
        src.error(n, what + ": expected a list, got " + kind(n));
        return null;
    }

    /** The text of {@code key} in a mapping before it is checked, to name the thing in messages. */
    static java.util.Optional<String> peek(MappingNode m, String key) {
        return m.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && t.getValueNode() instanceof ScalarNode v && !isNull(v))
                .map(t -> Yaml.abbreviate(((ScalarNode) t.getValueNode()).getValue())).findFirst();
    }
}
