package io.stepwise.web;

import io.stepwise.web.view.GraphView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a step graph top to bottom: a step sits one row below the lowest step it needs; steps of a row
 * side by side in file order. Only numbers leave here; the SVG itself is written by a template.
 */
final class Graphs {
    static final int W = 200;
    static final int H = 26;
    private static final int GAP_X = 16;
    private static final int GAP_Y = 16;
    private static final int PAD = 6;

    /** A step to draw: id, the steps it needs, its state (lower case) and where a click goes. */
    record Box(String id, List<String> needs, String state, String href) {
    }

    private Graphs() {
    }

    static GraphView layout(List<Box> boxes) {
        Map<String, Integer> level = new HashMap<>();
        for (Box b : boxes) { // boxes come in an order where needs come first (plan order)
            int l = 0;
            for (String n : b.needs()) {
                Integer nl = level.get(n);
                if (nl != null) {
                    l = Math.max(l, nl + 1);
                }
            }
            level.put(b.id(), l);
        }
        Map<Integer, Integer> perRow = new HashMap<>();
        Map<String, GraphView.Node> nodes = new java.util.LinkedHashMap<>();
        int cols = 1;
        int rows = 0;
        for (Box b : boxes) {
            int l = level.get(b.id());
            int col = perRow.merge(l, 1, Integer::sum) - 1;
            cols = Math.max(cols, col + 1);
            rows = Math.max(rows, l + 1);
            nodes.put(b.id(), new GraphView.Node(b.id(), b.state(), PAD + col * (W + GAP_X), PAD + l * (H + GAP_Y), W, H,
                    b.href()));
        }
        List<GraphView.Edge> edges = new ArrayList<>();
        for (Box b : boxes) {
            GraphView.Node to = nodes.get(b.id());
            for (String n : b.needs()) {
                GraphView.Node from = nodes.get(n);
                if (from != null) {
                    int x1 = from.x() + W / 2;
                    int y1 = from.y() + H;
                    int x2 = to.x() + W / 2;
                    int y2 = to.y();
                    edges.add(new GraphView.Edge("M" + x1 + " " + y1 + " C" + x1 + " " + (y1 + GAP_Y) + " " + x2 + " "
                            + (y2 - GAP_Y) + " " + x2 + " " + y2));
                }
            }
        }
        return new GraphView(2 * PAD + cols * (W + GAP_X) - GAP_X, 2 * PAD + rows * (H + GAP_Y) - GAP_Y,
                List.copyOf(nodes.values()), edges);
    }
}
