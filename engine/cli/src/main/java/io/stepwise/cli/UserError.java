package io.stepwise.cli;

/** A failure the user can fix; printed as one line (no stack trace) and mapped to its exit code. */
class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
