package io.stepwise.load;

import io.stepwise.model.Expect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads {@code expect:} and {@code until:} mappings. */
final class ExpectReader {
    static final Set<String> KEYS = Set.of("exit", "output", "not_output", "row", "rows");

    private ExpectReader() {
    }

    static Expect read(Source src, Node n, String what) {
        MappingNode m = Nodes.mapping(src, n, what);
        if (m == null) {
            return null;
        }
        Fields f = new Fields(src, m, what, KEYS);
        List<Integer> exit = List.of(0);
        Node exitNode = f.get("exit");
        if (exitNode instanceof SequenceNode seq) {
            List<Integer> codes = new ArrayList<>();
            for (Node item : seq.getValue()) {
                Integer c = Nodes.integer(src, item, f.label("exit"), 0, 255);
                if (c != null) {
                    codes.add(c);
                }
            }
            exit = List.copyOf(codes);
        } else if (exitNode != null) {
            Integer c = Nodes.integer(src, exitNode, f.label("exit"), 0, 255);
            exit = c == null ? exit : List.of(c);
        }
        String output = regex(src, f, "output");
        String notOutput = regex(src, f, "not_output");
        Map<String, String> row = new LinkedHashMap<>();
        Node rowNode = f.get("row");
        if (rowNode != null) {
            MappingNode rm = Nodes.mapping(src, rowNode, f.label("row"));
            if (rm != null) {
                readRow(src, rm, f.label("row"), row);
            }
        }
        Integer rows = f.integer("rows", 0, Integer.MAX_VALUE);
        return new Expect(exit, output, notOutput, java.util.Collections.unmodifiableMap(row), rows);
    }

    /**
     * {@code until: {Col: "v"}} on an sql/replication probe: a mapping without any expect key is the
     * first row's expected columns (the shorthand of {@code until: {row: {Col: "v"}}}).
     */
    static boolean isRowShorthand(Node n) {
        return n instanceof MappingNode m && !m.getValue().isEmpty() && m.getValue().stream()
                .noneMatch(t -> t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode k && KEYS.contains(k.getValue()));
    }

    static Expect readRow(Source src, Node n, String what) {
        Map<String, String> row = new LinkedHashMap<>();
        readRow(src, (MappingNode) n, what, row);
        return new Expect(List.of(0), null, null, java.util.Collections.unmodifiableMap(row), null);
    }

    private static void readRow(Source src, MappingNode rm, String what, Map<String, String> row) {
        Fields rf = Fields.free(src, rm, what);
        for (String col : rf.keys()) {
            String v = Nodes.text(src, rf.get(col), what + " column '" + col + "'");
            if (v != null) {
                checkRowRegex(src, rf.get(col), v);
                row.put(col, v);
            }
        }
    }

    private static String regex(Source src, Fields f, String key) {
        String re = f.text(key, false);
        if (re != null) {
            compile(src, f.get(key), re, f.label(key));
        }
        return re;
    }

    private static void checkRowRegex(Source src, Node n, String v) {
        if (v.length() >= 2 && v.startsWith("/") && v.endsWith("/")) {
            compile(src, n, v.substring(1, v.length() - 1), "row value");
        }
    }

    static Pattern compile(Source src, Node n, String re, String what) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            src.error(n, what + ": invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        } catch (StackOverflowError e) {
            src.error(n, what + ": regular expression too complex");
            return null;
        }
    }
}
