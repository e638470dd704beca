package io.stepwise.text;

/**
 * A template that cannot be rendered with the values at hand — a name without a value (e.g. captured by a
 * step that was skipped), a value that cannot be an SQL identifier, a template where no quoting makes a
 * value safe. A fault of the procedure or its values, not of Stepwise: the message says which and what to
 * do; whoever renders adds where (the step's file:line:col, the step and the host).
 */
public final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;

    TemplateException(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The variable the template names, or null when the problem is the template's place. */
    String name() {
        return name;
    }
}
