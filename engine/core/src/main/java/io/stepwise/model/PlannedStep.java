package io.stepwise.model;

import java.util.List;

/**
 * One step on the hosts it runs on. {@code key()} identifies it in the run store.
 *
 * @param hosts the role's hosts, in inventory order
 * @param fingerprint SHA-256 of the step's definition (and its hosts), to detect edits on resume
 */
public record PlannedStep(Step step, List<Host> hosts, String fingerprint) {
    public String id() {
        return step.id();
    }
}
