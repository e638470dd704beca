package io.stepwise.model;

/** A place in a source file, 1-based line and column, for error messages ({@code FILE:LINE:COL}). */
public record Mark(String file, int line, int column) {
    public static final Mark NONE = new Mark("<none>", 0, 0);

    /** {@code message} behind this place ({@code FILE:LINE:COL: message}), or alone when there is no place. */
    public String prefix(String message) {
        return NONE.equals(this) ? message : this + ": " + message;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
