package io.stepwise.model;

/** A place in a source file, 1-based line and column, for error messages ({@code FILE:LINE:COL}). */
public record Mark(String file, int line, int column) {
    public static final Mark NONE = new Mark("<none>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
