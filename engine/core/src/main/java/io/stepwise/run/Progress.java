package io.stepwise.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bytes, rate and time left of a transfer, for the operator: an updating line on a terminal at most every
 * {@link #SCREEN_EVERY_NANOS}, and a line in the run's history every {@link #HISTORY_EVERY_NANOS} (which
 * is also what a log without a terminal shows).
 */
final class Progress {
    static final long SCREEN_EVERY_NANOS = 500_000_000L;
    static final long HISTORY_EVERY_NANOS = 5_000_000_000L;

    private final StepOutput out;
    private final String what;
    private final long total;
    private final long offset;
    private final LongSupplier nanos;
    private final long start;
    private long lastScreen;
    private long lastHistory;

    /**
     * @param total  bytes the transfer ends at (-1: unknown)
     * @param offset bytes already there when it began (a resumed copy)
     */
    Progress(StepOutput out, String what, long total, long offset, LongSupplier nanos) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.offset = offset;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
        this.lastScreen = start;
        this.lastHistory = start;
    }

    /** {@code done}: bytes there now, the offset included. Cheap; call it as often as data moves. */
    void at(long done) {
        long now = nanos.getAsLong();
        if (now - lastHistory >= HISTORY_EVERY_NANOS) {
            lastHistory = now;
            lastScreen = now;
            out.progress(text(done, now), true, data(done, now));
        } else if (now - lastScreen >= SCREEN_EVERY_NANOS) {
            lastScreen = now;
            out.progress(text(done, now), false);
        }
    }

    /** The same as fields: what, bytes, total (when known), bytes_per_s, eta_s (when known). */
    Map<String, String> data(long done, long now) {
        double secs = Math.max(1e-3, (now - start) / 1e9);
        double rate = (done - offset) / secs;
        Map<String, String> d = new LinkedHashMap<>();
        d.put("what", what);
        d.put("bytes", String.valueOf(done));
        if (total >= 0) {
            d.put("total", String.valueOf(total));
        }
        d.put("bytes_per_s", String.valueOf((long) rate));
        if (total >= 0 && rate > 0 && done <= total) {
            d.put("eta_s", String.valueOf((long) ((total - done) / rate)));
        }
        return d;
    }

    /** "copy: 512.0 MiB of 1.0 GiB (50%), 210.3 MB/s, 3 s left". */
    String text(long done, long now) {
        double secs = Math.max(1e-3, (now - start) / 1e9);
        double rate = (done - offset) / secs;
        StringBuilder sb = new StringBuilder(what).append(": ").append(size(done));
        if (total >= 0) {
            sb.append(" of ").append(size(total));
            if (total > 0) {
                sb.append(String.format(Locale.ROOT, " (%d%%)", done * 100 / total));
            }
        }
        sb.append(String.format(Locale.ROOT, ", %.1f MB/s", rate / 1e6));
        if (total >= 0 && rate > 0 && done <= total) {
            sb.append(", ").append(duration((long) ((total - done) / rate))).append(" left");
        }
        return sb.toString();
    }

    /** The average rate since the start, MB/s, for the closing line. */
    String rate(long done) {
        double secs = Math.max(1e-3, (nanos.getAsLong() - start) / 1e9);
        return String.format(Locale.ROOT, "%.1f MB/s", (done - offset) / secs / 1e6);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d:%02d min", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d h", seconds / 3600, (seconds % 3600) / 60);
    }
}
