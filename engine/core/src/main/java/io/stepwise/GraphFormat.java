package io.stepwise;

/** Notations of {@link Engine#graph}. */
public enum GraphFormat {
    /** Mermaid flowchart text. */
    MERMAID,
    /** Graphviz DOT. */
    DOT
}
