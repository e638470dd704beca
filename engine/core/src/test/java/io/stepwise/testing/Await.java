package io.stepwise.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waits for something to happen instead of sleeping and hoping: polls a condition (every few
 * milliseconds at first, then every 100 ms) until it holds or the deadline passes, and then fails with
 * what was awaited, for how long, and what the test says about the state it saw.
 *
 * <pre>{@code
 * Await.until("the step wrote its marker", () -> Files.exists(marker));
 * String line = Await.value("a line with the run id", Duration.ofSeconds(30),
 *         () -> firstLine(out, "run "), () -> "stdout so far: " + Files.readString(out));
 * }</pre>
 *
 * A condition may throw an {@link AssertionError} to fail at once (e.g. the process it waits on died).
 */
public final class Await {
    /** Long enough for a slow shared CI machine; a test that passes waits far less. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private Await() {
    }

    /** Waits up to {@link #DEFAULT} until {@code condition} holds. */
    public static void until(String what, Callable<Boolean> condition) {
        until(what, DEFAULT, condition, () -> "");
    }

    /** Waits up to {@code timeout} until {@code condition} holds; {@code state} describes it on failure. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition, Supplier<String> state) {
        value(what, timeout, () -> Boolean.TRUE.equals(condition.call()) ? Boolean.TRUE : null, state);
    }

    /** Waits up to {@code timeout} for {@code probe} to return something not null, and returns it. */
    public static <T> T value(String what, Duration timeout, Callable<T> probe, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        Exception last = null;
        while (true) {
            try {
                T v = probe.call();
                if (v != null) {
                    return v;
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String seen = state.get();
                AssertionError e = new AssertionError("waited " + timeout.toSeconds() + " s for " + what
                        + (last == null ? "" : "; the last check threw " + last)
                        + (seen == null || seen.isEmpty() ? "" : "\n" + seen));
                if (last != null) {
                    e.initCause(last);
                }
                throw e;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            pause = Math.min(100, pause * 2);
        }
    }
}
