package io.stepwise.store;

import java.time.Duration;

/** A held run lease; {@code token} changes when someone takes it over. */
public record Lease(String runId, String cluster, Holder holder, String token, Duration ttl) {
}
