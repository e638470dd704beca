package io.stepwise.rehearse;

import io.stepwise.run.Hold;
import java.util.List;

/**
 * What one kill came to.
 *
 * @param step   the step killed at
 * @param phase  where in it
 * @param kind   the verdict
 * @param detail which decision, or how it ended different (one line each)
 * @param millis wall time of this kill's runs and resets
 */
record Verdict(String step, Hold.Phase phase, Kind kind, List<String> detail, long millis) {
    /** The verdicts, from best to worst. */
    public enum Kind {
        /** Not rehearsed here: a manual step while it "runs", or a step the clean run skipped. */
        NOT_APPLICABLE("n/a"),
        /** The run ended (failed or finished) before the kill point was reached. */
        NOT_REACHED("killed before it could be reached"),
        /** Resumed without a decision and ended as the clean run did. */
        RESUMED_CLEANLY("resumed cleanly"),
        /** Resume needed --retry or --assume-done; at least one of them ends as the clean run did. */
        NEEDED_DECISION("needed a decision"),
        /** Ended different from the clean run (with every choice tried). */
        ENDED_DIFFERENT("ended different");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }
}
