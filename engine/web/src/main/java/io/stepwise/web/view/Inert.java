package io.stepwise.web.view;

import io.stepwise.text.Escape;

/**
 * Text from the run store made harmless to show: control characters (ANSI escapes, backspaces, bells)
 * become their visible Unicode pictures, so a colour code shows as {@code ␛[31m} and cannot restyle or
 * hide anything; bidi controls and invisible direction marks (all that {@link Escape#isControl} names, as
 * for the terminal) show as a backslash, {@code u} and their four hex digits, so they cannot reorder or hide
 * what a person compares. HTML is left to the template engine, which escapes every value.
 */
public final class Inert {
    private Inert() {
    }

    public static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = Escape.isControl(c);
            if (control && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(control ? picture(c) : String.valueOf(c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String picture(char c) {
        if (c < 0x20) {
            return String.valueOf((char) (0x2400 + c));
        }
        return c == 0x7f ? "\u2421" : String.format("\\u%04x", (int) c);
    }
}
