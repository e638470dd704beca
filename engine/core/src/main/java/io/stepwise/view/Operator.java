package io.stepwise.view;

import java.time.Duration;

/** The person at the keyboard, if any: answers manual and optional steps. */
public interface Operator {
    /** Whether prompts can be shown; false with {@code --no-input} or without a terminal. */
    boolean interactive();

    /** Login name or {@code --as}: recorded with every decision. */
    String who();

    /**
     * Shows the rendered instructions of a manual step and waits for an answer.
     *
     * @param timeout null for no limit; when it passes the answer is {@link Answer.Kind#TIMEOUT}
     */
    Answer askManual(String stepId, String host, String instructions, Duration timeout);

    /** Asks whether to run an optional step: RUN, SKIP or PAUSE. */
    Answer askOptional(String stepId, String title);

    /** A person's answer. */
    record Answer(Kind kind, String note) {
        /** What the person chose. */
        public enum Kind { CONFIRM, REJECT, PAUSE, TIMEOUT, RUN, SKIP }

        public static Answer of(Kind kind) {
            return new Answer(kind, null);
        }
    }

    /** No person: every question pauses the run. */
    static Operator none(String who) {
        return new Operator() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String who() {
                return who;
            }

            @Override
            public Answer askManual(String stepId, String host, String instructions, Duration timeout) {
                return Answer.of(Answer.Kind.PAUSE);
            }

            @Override
            public Answer askOptional(String stepId, String title) {
                return Answer.of(Answer.Kind.PAUSE);
            }
        };
    }
}
