package io.stepwise.view;

import io.stepwise.text.Template;
import io.stepwise.text.Escape;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What the operator sees; every line passes through secret masking, then control characters are made visible
 * ({@link Escape#terminal}) so that host output cannot move the cursor, clear the screen or fake a prefix.
 * Safe from several threads. On a terminal, {@link #progress} keeps one line that updates in place until the
 * next ordinary line.
 */
public final class Screen {
    private final PrintWriter out;
    private final Map<String, String> secrets;
    private final boolean terminal;
    private boolean progressShown;

    public Screen(PrintWriter out, Map<String, String> secrets) {
        this(out, secrets, false);
    }

    /** @param terminal whether {@code out} is a terminal that understands carriage return and erase-line */
    public Screen(PrintWriter out, Map<String, String> secrets, boolean terminal) {
        this.out = out;
        this.secrets = secrets;
        this.terminal = terminal;
    }

    /**
     * A value written by someone else (a captured value, a person's note) as part of one of the engine's lines: each
     * of its further lines is indented and marked ({@code "    | "}), so no line of it reads as a line of the engine
     * or of a host's output.
     */
    public static String continued(String value) {
        return value == null ? null : value.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\n    | ");
    }

    public synchronized void line(String text) {
        clearProgress();
        String masked = Template.mask(text, secrets);
        out.println(Escape.terminal(masked != null && masked.endsWith("\r") ? masked.substring(0, masked.length() - 1)
                : masked));
        out.flush();
    }

    /** Whether {@link #progress} shows anything (only on a terminal). */
    boolean terminal() {
        return terminal;
    }

    /** On a terminal: replaces the progress line with {@code text}; elsewhere nothing (see {@link StepOutput#progress}). */
    public synchronized void progress(String text) {
        if (!terminal) {
            return;
        }
        out.print("\r" + Template.mask(text, secrets).replaceAll("[\\p{Cntrl}]", " ") + "\u001b[K");
        out.flush();
        progressShown = true;
    }

    /** Removes the progress line, if one is shown. */
    public synchronized void clearProgress() {
        if (progressShown) {
            out.print("\r\u001b[K");
            progressShown = false;
        }
    }

    public String mask(String text) {
        return Template.mask(text, secrets);
    }

    Map<String, String> secrets() {
        return secrets;
    }
}
