package io.stepwise;

/** Notations of {@link Engine#report}. */
public enum ReportFormat {
    /** The change-ticket record as Markdown. */
    MARKDOWN,
    /** The same facts as JSON. */
    JSON
}
