package io.stepwise.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Slows down token guessing per client address: after {@value #FREE} failed sign-ins each further one
 * locks the address out for twice as long as the last (1 s, 2 s, 4 s ... up to 15 minutes). A success
 * clears the address. Kept in memory; the oldest addresses are forgotten past 10,000.
 */
final class Throttle {
    static final int FREE = 3;
    private static final Duration MAX = Duration.ofMinutes(15);
    private static final int REMEMBERED = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> byAddress = new Lru<>(REMEMBERED);

    Throttle(Clock clock) {
        this.clock = clock;
    }

    /** How long the address must still wait before it may try again; zero when it may try now. */
    synchronized Duration wait(String address) {
        Failures f = byAddress.get(address);
        if (f == null || f.lockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    synchronized void failed(String address) {
        Failures f = byAddress.get(address);
        int count = f == null ? 1 : f.count() + 1;
        Instant until = null;
        if (count > FREE) {
            Duration lock = Duration.ofSeconds(1L << Math.min(20, count - FREE - 1));
            until = clock.instant().plus(lock.compareTo(MAX) > 0 ? MAX : lock);
        }
        byAddress.put(address, new Failures(count, until));
    }

    synchronized void succeeded(String address) {
        byAddress.remove(address);
    }
}
