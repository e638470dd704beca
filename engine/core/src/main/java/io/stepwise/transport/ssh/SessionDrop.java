package io.stepwise.transport.ssh;

import io.stepwise.model.Ticker;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Whether a failure means the SSH session went down. A read or write can fail on the broken socket, and JSch
 * closes a session's channels, a moment before its session thread notices and marks the session down; so
 * the question waits up to {@link #GRACE} for that mark.
 */
final class SessionDrop {
    /** How long JSch gets to mark a broken session down. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(10);

    private SessionDrop() {
    }

    /** Whether {@code connected} turns false within {@link #GRACE}, paced by {@code ticker}. */
    static boolean dropped(Ticker ticker, BooleanSupplier connected) {
        return dropped(ticker, connected, () -> false);
    }

    /** As {@link #dropped(Ticker, BooleanSupplier)}, but the wait also ends as soon as {@code settled} holds. */
    static boolean dropped(Ticker ticker, BooleanSupplier connected, BooleanSupplier settled) {
        long until = ticker.nanoTime() + GRACE.toNanos();
        while (connected.getAsBoolean() && !settled.getAsBoolean() && ticker.nanoTime() - until < 0) {
            try {
                ticker.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return !connected.getAsBoolean();
    }
}
