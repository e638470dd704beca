package io.stepwise;

/** Notations of {@link Engine#status}. */
public enum StatusFormat {
    /** Tables for a terminal. */
    TEXT,
    /** The same facts as JSON. */
    JSON
}
