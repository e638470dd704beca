package io.stepwise.web.view;

/** A recorded decision: when, who, what, on which step and host, through which channel, with their note. */
public record DecisionItem(String at, String who, String decision, String step, String host, String channel,
                           String note) {
}
