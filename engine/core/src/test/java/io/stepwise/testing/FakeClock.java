package io.stepwise.testing;

import io.stepwise.model.Ticker;
import io.stepwise.model.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The one fake clock of the tests: time moves only when a test calls {@link #advance} or when the code
 * under test sleeps through it (as the {@link Ticker} of the runner, the transports and the store), and every
 * such sleep is recorded. So retries, backoffs, lease expiry, session expiry and timeouts are tested without
 * waiting for real.
 */
public final class FakeClock extends Clock implements Ticker {
    /** Where a clock starts unless told otherwise. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();

    /** A clock at {@link #START}. */
    public FakeClock() {
        this(START);
    }

    public FakeClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    /** Sleeping moves the clock at once and is recorded. */
    @Override
    public synchronized void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    /** Every sleep so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Nanoseconds since {@link #START}, as a monotonic reading. */
    @Override
    public synchronized long nanoTime() {
        return Duration.between(START, now).toNanos();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }
}
