package io.stepwise.web.view;

/** One evidence probe's value as shown at a waiting step. */
public record EvidenceItem(String title, String host, String value) {
}
