package io.stepwise.text;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in procedures: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m(?!s))?(?:(\\d{1,6})s)?(?:(\\d{1,9})ms)?");

    private Durations() {
    }

    /** The duration, or null when {@code text} is not one (bare numbers included). */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches() || text.trim().isEmpty()) {
            return null;
        }
        Duration d = Duration.ZERO;
        boolean any = false;
        long[] factors = {3_600_000L, 60_000L, 1_000L, 1L};
        for (int g = 1; g <= 4; g++) {
            if (m.group(g) != null) {
                d = d.plusMillis(Long.parseLong(m.group(g)) * factors[g - 1]);
                any = true;
            }
        }
        return any ? d : null;
    }

    /**
     * The one way durations are shown (plan, terminal, status, report, console): as people write them —
     * {@code 500ms}, {@code 2.5s}, {@code 30s}, {@code 5m}, {@code 1h30m}; {@code -} for none. Under 10 s a
     * duration that is not whole seconds keeps one decimal; above, whole seconds.
     */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            sb.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || sb.length() == 0) {
            if (sb.length() == 0 && ms % 1000 != 0 && ms < 10_000) {
                return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
            }
            sb.append(s).append('s');
        }
        return sb.toString();
    }

    /** A time as shown to people: ISO-8601 UTC to the second, {@code 2026-11-28T23:33:15Z}; {@code -} for none. */
    public static String at(java.time.Instant t) {
        return t == null ? "-" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
