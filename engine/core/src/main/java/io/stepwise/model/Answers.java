package io.stepwise.model;

import java.util.Map;

/**
 * How {@code stepwise rehearse} answers a procedure's manual and optional steps, as an operator would.
 * A step not listed is confirmed.
 *
 * @param procedure the procedure these answers are for (its {@code procedure:} name)
 * @param answers   step id → answer
 * @param source    the file they were read from
 */
public record Answers(String procedure, Map<String, Answer> answers, String source) {
    /** The answers of a rehearsal without a file: confirm everything. */
    public static final Answers CONFIRM_ALL = new Answers(null, Map.of(), "(default: confirm every step)");

    /** The answer for {@code stepId}: the file's, else confirm. */
    public Answer forStep(String stepId) {
        return answers.getOrDefault(stepId, Answer.DEFAULT);
    }

    /**
     * One answer.
     *
     * @param confirm confirm (run an optional step) or reject (skip it)
     * @param note    recorded with the decision
     */
    public record Answer(boolean confirm, String note, Mark mark) {
        public static final Answer DEFAULT = new Answer(true, "rehearsal: confirmed by default", Mark.NONE);
    }
}
