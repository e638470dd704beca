package io.stepwise.run;

/** A run could not start or go on; {@link #outcome()} says which exit code the CLI gives. */
public class RunException extends Exception {
    private final Outcome outcome;
    private final boolean badInput;

    private RunException(String message, Outcome outcome, boolean badInput) {
        super(message);
        this.outcome = outcome;
        this.badInput = badInput;
    }

    /** Nothing ran: the input (files, parameters, run id) is wrong. */
    public static RunException badInput(String message) {
        return new RunException(message, Outcome.FAILED, true);
    }

    /** Refused: lock held, procedure changed, role no longer fits. */
    public static RunException refused(String message) {
        return new RunException(message, Outcome.REFUSED, false);
    }

    /** The run could not go on although steps may have run (exit 1): resumable once the cause is fixed. */
    public static RunException failed(String message) {
        return new RunException(message, Outcome.FAILED, false);
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean badInput() {
        return badInput;
    }
}
