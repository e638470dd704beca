package io.stepwise.text;

/**
 * Text that an operator or a host supplied (notes, names, command output, parameter values), made safe for
 * where it is shown: a terminal, where a control character would move the cursor, clear the screen or fake a
 * {@code [host]} prefix; and markdown, where a newline, {@code #}, {@code |} or {@code <} would add headings,
 * table cells, list items or HTML that the author never wrote.
 */
public final class Escape {
    private static final String MARKDOWN_SPECIAL = "\\`*_[]<>#|~&!";

    private Escape() {
    }

    /**
     * Control characters made visible: C0 as caret notation ({@code ESC} → {@code ^[}, {@code CR} → {@code ^M}),
     * DEL as {@code ^?}, C1 and the Unicode bidirectional overrides as {@code <U+XXXX>}; newline and tab stay,
     * and a CR right before a newline is dropped (CRLF line ends).
     */
    public static String terminal(String s) {
        if (s == null || s.chars().noneMatch(Escape::isControl)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                continue;
            }
            appendVisible(sb, c);
        }
        return sb.toString();
    }

    /**
     * One line of plain text (a notification's): control characters made visible as by {@link #terminal}, and
     * each line break (a newline, CRLF, U+2028, U+2029) as {@code ⏎}, so that a note or a host's output cannot
     * start a line of its own that reads like the sender's.
     */
    public static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                continue;
            }
            if (c == '\n' || c == '\u2028' || c == '\u2029') {
                sb.append(" ⏎ ");
            } else {
                appendVisible(sb, c);
            }
        }
        return sb.toString();
    }

    /** Whether {@code c} changes a terminal's state rather than showing a glyph. */
    public static boolean isControl(int c) {
        return c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f;
    }

    private static void appendVisible(StringBuilder sb, char c) {
        if (!isControl(c)) {
            sb.append(c);
        } else if (c < 0x20) {
            sb.append('^').append((char) (c + 64));
        } else if (c == 0x7f) {
            sb.append("^?");
        } else {
            sb.append(String.format("<U+%04X>", (int) c));
        }
    }

    /**
     * One line of markdown text that renders as the characters given: control characters made visible (newlines
     * too, as {@code ⏎}), markdown and HTML syntax characters backslash-escaped, a leading list or heading marker
     * escaped.
     */
    public static String markdownInline(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                sb.append(" ⏎ ");
            } else if (c == '\r') {
                sb.append("^M");
            } else if (isControl(c)) {
                appendVisible(sb, c);
            } else if (MARKDOWN_SPECIAL.indexOf(c) >= 0 || i == 0 && "-+=".indexOf(c) >= 0) {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A multi-line text as a markdown block quote under a list item: each line escaped as by
     * {@link #markdownInline} and prefixed with {@code indent + "> "}, so nothing in it can start a heading, a
     * list item or a table.
     */
    public static String markdownQuote(String s, String indent) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\r?\n", -1)) {
            String escaped = markdownInline(line);
            sb.append(indent).append("> ").append(escaped.replaceFirst("^(\\d+)([.)])", "$1\\\\$2")).append('\n');
        }
        return sb.toString();
    }
}
