package io.stepwise.web.view;

import java.util.Map;

/** A step on one host: its state, attempts, times, note, captured values and the tail of its output. */
public record HostView(String host, String state, int attempts, String started, String duration, String note,
                       Map<String, String> captured, String tail, boolean hasOutput) {
}
