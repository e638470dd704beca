package io.stepwise.run;

import java.util.Map;

/**
 * What one attempt of an action came to.
 *
 * @param ok       whether the step's expectations held
 * @param reason   why not, one line (masked before it is stored or shown)
 * @param captures captured values (only when ok)
 * @param data     small facts for the record: exit code, rows, checksum
 * @param inDoubt  the connection dropped: the outcome is unknown
 */
record StepResult(boolean ok, String reason, Map<String, String> captures, Map<String, String> data,
                         boolean inDoubt) {
    public static StepResult success(Map<String, String> captures, Map<String, String> data) {
        return new StepResult(true, null, captures, data, false);
    }

    public static StepResult failure(String reason, Map<String, String> data) {
        return new StepResult(false, reason, Map.of(), data, false);
    }

    public static StepResult doubt(String reason) {
        return new StepResult(false, reason, Map.of(), Map.of(), true);
    }

    /** Nothing ran: the host's key was unknown or changed (never retried; the run stops as refused). */
    public static StepResult refused(String reason) {
        return new StepResult(false, reason, Map.of(), Map.of(REFUSED, "host key"), false);
    }

    /** Nothing ran: the host could not be reached or logged in to (retried as usual; fixed, then resumed). */
    public static StepResult notRun(String reason) {
        return new StepResult(false, reason, Map.of(), Map.of(NOT_RUN, "not connected"), false);
    }

    /** Whether this is a {@link #notRun} result. */
    public boolean notRun() {
        return data != null && data.containsKey(NOT_RUN);
    }

    /** Whether this is a {@link #refused} result. */
    public boolean refused() {
        return data != null && data.containsKey(REFUSED);
    }

    private static final String REFUSED = "refused";
    private static final String NOT_RUN = "not-run";
}
