package io.stepwise.web.view;

import java.util.List;

/** A step graph laid out for SVG: boxes with a state, and edges as path data. */
public record GraphView(int width, int height, List<Node> nodes, List<Edge> edges) {
    /** One step's box; {@code href} is where a click goes (empty: nowhere). */
    public record Node(String id, String state, int x, int y, int w, int h, String href) {
        public int textX() {
            return x + 8;
        }

        public int textY() {
            return y + h / 2 + 4;
        }

        /** The id, shortened to fit its box. */
        public String label() {
            int max = Math.max(4, (w - 16) / 7);
            return id.length() <= max ? id : id.substring(0, max - 1) + "…";
        }
    }

    /** A need: from the needed step's box to the step's box. */
    public record Edge(String d) {
    }
}
