package io.stepwise.run;

/** How one step on one host came out in this invocation; {@code message} tells the operator what next. */
record HostOutcome(Outcome outcome, String message) {
    static final HostOutcome DONE = new HostOutcome(Outcome.FINISHED, null);

    static HostOutcome failed(String message) {
        return new HostOutcome(Outcome.FAILED, message);
    }

    static HostOutcome paused(String message) {
        return new HostOutcome(Outcome.PAUSED, message);
    }

    static HostOutcome refused(String message) {
        return new HostOutcome(Outcome.REFUSED, message);
    }

    static HostOutcome interrupted() {
        return new HostOutcome(Outcome.INTERRUPTED, "interrupted");
    }

    /** The worse of two outcomes: interrupted, failed, paused, then finished. */
    HostOutcome worst(HostOutcome other) {
        return rank(other.outcome) > rank(outcome) ? other : this;
    }

    private static int rank(Outcome o) {
        return switch (o) {
            case FINISHED -> 0;
            case PAUSED -> 1;
            case REFUSED -> 2;
            case FAILED -> 3;
            case INTERRUPTED -> 4;
        };
    }
}
