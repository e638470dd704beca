package io.stepwise.load;

import io.stepwise.model.Mark;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** A file's name and text, and the problems found in it so far; turns node positions into 1-based marks. */
final class Source {
    final String name;
    final String text;
    private final int[] lineStarts;
    private final List<Problem> problems = new ArrayList<>();

    Source(String name, String text) {
        this.name = name;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    List<Problem> problems() {
        return problems;
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    void error(Mark mark, String message) {
        problems.add(new Problem(mark, Problem.Severity.ERROR, message));
    }

    void warn(Mark mark, String message) {
        problems.add(new Problem(mark, Problem.Severity.WARNING, message));
    }

    void error(Node node, String message) {
        error(mark(node), message);
    }

    void warn(Node node, String message) {
        warn(mark(node), message);
    }

    Mark mark(Node node) {
        return node == null ? new Mark(name, 1, 1) : mark(node.getStartMark());
    }

    Mark mark(Optional<org.snakeyaml.engine.v2.exceptions.Mark> m) {
        return m.map(x -> new Mark(name, x.getLine() + 1, x.getColumn() + 1)).orElse(new Mark(name, 1, 1));
    }

    Mark markAt(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return new Mark(name, lo + 1, offset - lineStarts[lo] + 1);
    }

    /**
     * Where {@code fragment} (found at {@code index} in the node's value) is in the file: searched in the
     * node's raw text, the {@code occurrence}-th time; the node's own mark when the raw text differs (escapes).
     */
    Mark locate(Node node, String fragment, int occurrence) {
        int from = offset(node.getStartMark());
        int to = node.getEndMark().map(this::offsetOf).orElse(text.length());
        if (from < 0) {
            return mark(node);
        }
        int at = from - 1;
        for (int i = 0; i <= occurrence; i++) {
            at = text.indexOf(fragment, at + 1);
            if (at < 0 || at >= to) {
                return mark(node);
            }
        }
        return markAt(at);
    }

    private int offset(Optional<org.snakeyaml.engine.v2.exceptions.Mark> m) {
        return m.map(this::offsetOf).orElse(-1);
    }

    private int offsetOf(org.snakeyaml.engine.v2.exceptions.Mark m) {
        int line = Math.min(m.getLine(), lineStarts.length - 1);
        return Math.min(text.length(), lineStarts[line] + m.getColumn());
    }
}
