package io.stepwise.store;

import java.time.Instant;

/** One line of {@code stepwise status}. */
public record RunSummary(String id, String procedure, String cluster, RunState state, String currentStep,
                         String operator, Instant startedAt, Instant updatedAt) {
}
