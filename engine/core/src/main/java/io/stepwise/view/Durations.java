package io.stepwise.view;

import java.time.Duration;

/**
 * The one way durations and times are shown (terminal, status, report): durations as people write them —
 * {@code 500ms}, {@code 2.5s}, {@code 30s}, {@code 5m}, {@code 1h30m} — and times in UTC to the second.
 */
public final class Durations {
    private Durations() {
    }

    /** A time as shown to people: ISO-8601 UTC to the second, {@code 2026-11-28T23:33:15Z}; {@code -} for none. */
    static String at(java.time.Instant t) {
        return t == null ? "-" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

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
}
