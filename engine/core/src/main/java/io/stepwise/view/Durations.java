package io.stepwise.view;

import java.time.Duration;

/** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. */
public final class Durations {
    private Durations() {
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
