package io.stepwise.cli;

import io.stepwise.Engine;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * What the CLI writes to stdout and stderr, with control characters made visible ({@link Escape#terminal}):
 * a host name, a note, a stored log or a value cannot clear the screen, move the cursor or fake a line. The
 * engine's own progress line (carriage return, text, erase-line) passes as it is.
 */
final class TerminalWriter extends FilterWriter {
    /** The engine's own progress line ({@code Screen.progress}): CR, text without control characters, erase-line. */
    private static final java.util.regex.Pattern PROGRESS = java.util.regex.Pattern.compile(
            "\r[^\\p{Cntrl}]*\u001b\\[K");

    TerminalWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        write(String.valueOf((char) c));
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        write(new String(buf, off, len));
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        String text = s.substring(off, off + len);
        out.write(PROGRESS.matcher(text).matches() ? text : Engine.forTerminal(text));
    }
}
