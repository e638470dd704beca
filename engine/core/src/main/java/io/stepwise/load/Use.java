package io.stepwise.load;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A templated text found while reading a step: where it is, what it is, and which step and role it
 * belongs to (null step for role checks). Checked for unknown variables and linted once the graph is known.
 */
record Use(Node node, String text, Kind kind, String stepId, String role) {
    /** How values are put into the text, which decides quoting and which lint rules apply. */
    enum Kind { SHELL, SQL, TEXT, WHEN, PATH }
}
