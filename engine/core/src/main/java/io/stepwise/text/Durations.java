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

    /** Short form for display: {@code PT1H30M} → {@code 1h30m}. */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        long ms = d.toMillis();
        long h = ms / 3_600_000L;
        long m = ms / 60_000L % 60;
        long s = ms / 1000 % 60;
        long rest = ms % 1000;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (rest > 0 || sb.length() == 0) {
            sb.append(rest).append("ms");
        }
        return sb.toString();
    }
}
