package io.stepwise.run;

/** One step on one host: the unit whose state the store records. */
public record StepKey(String stepId, String host) {
    @Override
    public String toString() {
        return stepId + " on " + host;
    }
}
