package io.stepwise.load;

import io.stepwise.model.Mark;

/** One thing wrong (or suspicious) in a file, at a place: printed as {@code FILE:LINE:COL: message}. */
public record Problem(Mark mark, Severity severity, String message) {

    /** Errors stop a load; warnings are lint and only fail {@code validate --strict}. */
    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return mark + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
