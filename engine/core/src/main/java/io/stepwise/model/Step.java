package io.stepwise.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a procedure.
 *
 * @param id         unique within the procedure
 * @param title      shown to operators; defaults to the id
 * @param on         the role whose hosts run it
 * @param needs      ids of steps that must finish first; always explicit: the loader turns an absent
 *                   {@code needs:} into the previous step's id, so empty means no dependencies
 * @param when       a condition template ({@code "{{x}} == 'y'"}); null when always
 * @param optional   the operator chooses whether to run it; the choice is recorded
 * @param capture    variable name → regex with one group (run) or column name (sql, replication)
 * @param expect     what counts as success; null means exit code 0 / no SQL error
 * @param timeout    null for the kind's default
 * @param retries    extra attempts after a failure
 * @param retryDelay first backoff delay; doubles per attempt
 * @param idempotent safe to re-run when in doubt after a crash
 * @param parallel   how many hosts of the role at once (1 = one at a time)
 * @param verify     probe run when the step is in doubt: if it passes the step counts as done
 * @param action     what the step does
 */
public record Step(String id, String title, String on, List<String> needs, String when, boolean optional,
                   Map<String, String> capture, Expect expect, Duration timeout, int retries, Duration retryDelay,
                   boolean idempotent, int parallel, Action verify, Action action, Mark mark) {

    /** Read-only steps are re-run when in doubt even without {@code idempotent}. */
    public boolean readOnly() {
        return action.readOnly();
    }

    public boolean safeToRerun() {
        return idempotent || readOnly();
    }
}
