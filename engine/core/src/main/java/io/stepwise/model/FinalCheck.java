package io.stepwise.model;

import java.util.Map;

/**
 * A read-only probe run once every step is done: a {@code postconditions:} entry must hold (a failed one
 * fails the run), a {@code state:} entry only records a value, so that two runs' end states can be compared
 * ({@code stepwise rehearse}).
 *
 * @param kind    postcondition or state probe
 * @param id      {@code postcondition-N} / {@code state-N}, or the entry's own {@code id:}
 * @param title   shown to operators; defaults to the id
 * @param on      the role whose hosts it runs on
 * @param probe   a read-only {@code run}, {@code sql} or {@code replication: status}
 * @param expect  what must hold (postconditions only; null: exit code 0 / no SQL error)
 * @param capture values kept for comparison: name → regex with one group (run) or column (sql, replication)
 */
public record FinalCheck(Kind kind, String id, String title, String on, Action probe, Expect expect,
                         Map<String, String> capture, Mark mark) {
    /** Which block the entry comes from. */
    public enum Kind {
        POSTCONDITION, STATE;

        /** The YAML key of the block. */
        public String key() {
            return this == POSTCONDITION ? "postconditions" : "state";
        }
    }
}
