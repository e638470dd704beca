package io.stepwise.store;

/**
 * A piece of one attempt's output of a step on a host, already masked: one or more whole lines of one
 * stream ({@code stdout}, {@code stderr}, {@code engine}).
 */
public record OutputChunk(String stepId, String host, int attempt, String stream, String text) {
}
