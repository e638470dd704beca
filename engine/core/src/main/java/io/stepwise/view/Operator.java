package io.stepwise.view;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The person at the keyboard, if any: answers manual and optional steps. */
public interface Operator {
    /** Whether prompts can be shown; false with {@code --no-input} or without a terminal. */
    boolean interactive();

    /**
     * Whether the engine waits at a manual step for a decision recorded elsewhere (the web console, another
     * shell's {@code stepwise confirm}) when it cannot prompt ({@code --wait}); a terminal always does.
     */
    default boolean waits() {
        return interactive();
    }

    /** Login name or {@code --as}: recorded with every decision. */
    String who();

    /** Who the machine knows the person to be (the OS login): a step with approvers is decided under it. */
    default String login() {
        return who();
    }

    /**
     * Shows the rendered instructions of a manual step and waits for an answer.
     *
     * @param timeout null for no limit; when it passes the answer is {@link Answer.Kind#TIMEOUT}
     */
    Answer askManual(String stepId, String host, String instructions, Duration timeout);

    /**
     * As {@link #askManual}, answered in the background: the engine meanwhile watches the run store for a
     * decision from another channel and cancels the future when one arrives.
     */
    default CompletableFuture<Answer> askManualAsync(String stepId, String host, String instructions,
                                                     Duration timeout) {
        return CompletableFuture.supplyAsync(() -> askManual(stepId, host, instructions, timeout));
    }

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
        return without(who, false);
    }

    /**
     * No person at this terminal ({@code --wait}): a manual step waits for a decision from another channel; an
     * optional step still pauses.
     */
    static Operator waiting(String who) {
        return without(who, true);
    }

    private static Operator without(String who, boolean waits) {
        return new Operator() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public boolean waits() {
                return waits;
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
