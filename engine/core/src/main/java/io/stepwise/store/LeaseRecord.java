package io.stepwise.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A run's lease as stored, for reading only (status): who holds it and until when.
 *
 * @param expiresAt when another machine may take it over without a heartbeat
 */
public record LeaseRecord(Holder holder, Instant heartbeatAt, Instant expiresAt) {
    /**
     * Why its engine no longer drives the run, seen from {@code thisHost} at {@code now}: its pid is gone
     * on this machine, or (held elsewhere) the lease expired. Empty while the holder may be alive.
     */
    public Optional<String> gone(String thisHost, Instant now) {
        if (holder.host().equals(thisHost)) {
            boolean alive = ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive ? Optional.empty()
                    : Optional.of("engine pid " + holder.pid() + " on " + holder.host() + " is gone");
        }
        return now.isBefore(expiresAt) ? Optional.empty()
                : Optional.of("lease expired at " + expiresAt + " (engine pid " + holder.pid() + " on " + holder.host()
                + ", last heartbeat " + heartbeatAt + ")");
    }
}
