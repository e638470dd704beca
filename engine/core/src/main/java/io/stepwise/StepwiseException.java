package io.stepwise;

import java.util.List;

/**
 * Why a facade call did not do what was asked, by kind, with one readable message (what happened, where,
 * and the fix) and, for files with problems, one line per problem ({@code FILE:LINE:COL: message}). The
 * CLI turns the kind into an exit code; nothing here is a stack trace for the user.
 */
public final class StepwiseException extends Exception {
    /** What kind of failure: each has its own exit code in the CLI. */
    public enum Kind {
        /** The input (files, parameters, run id, options) is wrong; nothing ran. */
        BAD_INPUT,
        /** The work could not go on although some of it may have run (a step, a host); resumable once fixed. */
        FAILED,
        /** Refused on purpose: a run holds the cluster, the procedure changed, a host key changed. */
        REFUSED,
        /** The run store could not be read or written. */
        STORE
    }

    private final Kind kind;
    private final transient List<String> details;

    public StepwiseException(Kind kind, String message, List<String> details, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.details = List.copyOf(details);
    }

    public StepwiseException(Kind kind, String message) {
        this(kind, message, List.of(), null);
    }

    public Kind kind() {
        return kind;
    }

    /** Lines to show before the message (each problem of a file); often empty. */
    public List<String> details() {
        return details;
    }
}
