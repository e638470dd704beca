package io.stepwise.run;

import io.stepwise.view.Durations;

import io.stepwise.view.Operator;

import io.stepwise.view.Screen;

import io.stepwise.model.Action;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent;
import io.stepwise.store.StoreException;
import io.stepwise.text.Template;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A manual step on one host: prompt in a terminal, or record the wait and pause (exit 3). */
final class ManualSteps {
    private final Ledger ledger;
    private final Operator operator;
    private final Screen screen;
    private final Clock clock;

    ManualSteps(Ledger ledger, Operator operator, Screen screen, Clock clock) {
        this.ledger = ledger;
        this.operator = operator;
        this.screen = screen;
        this.clock = clock;
    }

    HostOutcome run(PlannedStep ps, StepKey key, Action.Manual manual, Function<String, String> values)
            throws StoreException {
        StepState state = ledger.state(key);
        Optional<RunEvent> decided = state == StepState.WAITING_FOR_PERSON ? ledger.decisionSinceWaiting(key)
                : Optional.empty();
        if (decided.isPresent()) {
            RunEvent d = decided.get();
            return apply(key, d.data().get("decision"), d.actor(), d.note());
        }
        Instant started = state == StepState.WAITING_FOR_PERSON ? ledger.waitingStartedAt(key) : null;
        if (manual.timeout() != null && started != null
                && !clock.instant().isBefore(started.plus(manual.timeout()))) {
            HostOutcome late = timedOut(key, manual, started);
            if (late != null) {
                return late;
            }
        }
        String instructions = Template.text(manual.instructions(), values);
        if (state == StepState.FAILED) {
            ledger.move(key, StepState.RUNNING, ledger.attempt(key) + 1, null, Map.of());
        }
        if (ledger.state(key) != StepState.WAITING_FOR_PERSON) {
            ledger.move(key, StepState.WAITING_FOR_PERSON, ledger.attempt(key), "waiting for a person",
                    Map.of("instructions", instructions));
        }
        screen.line("  " + screen.mask(instructions).strip().replace("\n", "\n  "));
        if (!operator.interactive()) {
            return HostOutcome.paused("manual step " + key + " waits for a person. When it is done: stepwise confirm "
                    + ledger.runId() + " " + key.stepId() + " --note TEXT (or: stepwise reject " + ledger.runId() + " "
                    + key.stepId() + " --note TEXT), then: stepwise resume " + ledger.runId());
        }
        Operator.Answer answer = operator.askManual(key.stepId(), key.host(), instructions, manual.timeout());
        switch (answer.kind()) {
            case CONFIRM -> {
                ledger.decision(key.stepId(), key.host(), operator.who(), "confirm", answer.note());
                return apply(key, "confirm", operator.who(), answer.note());
            }
            case REJECT -> {
                ledger.decision(key.stepId(), key.host(), operator.who(), "reject", answer.note());
                return apply(key, "reject", operator.who(), answer.note());
            }
            case TIMEOUT -> {
                if (manual.onTimeout() == Action.OnTimeout.FAIL) {
                    String note = "no answer within " + Durations.format(manual.timeout()) + " (on_timeout: fail)";
                    ledger.decision(key.stepId(), key.host(), "stepwise", "reject", note);
                    return apply(key, "reject", "stepwise", note);
                }
                return HostOutcome.paused("no answer within " + Durations.format(manual.timeout())
                        + "; the run is paused. Answer with stepwise confirm/reject, then stepwise resume "
                        + ledger.runId());
            }
            default -> {
                return HostOutcome.paused("paused at manual step " + key + "; continue with: stepwise resume "
                        + ledger.runId());
            }
        }
    }

    /** The timeout passed since the step began waiting, found on resume: fail, or say so and keep waiting. */
    private HostOutcome timedOut(StepKey key, Action.Manual manual, Instant started) throws StoreException {
        String limit = Durations.format(manual.timeout());
        if (manual.onTimeout() == Action.OnTimeout.FAIL) {
            String note = "no answer within " + limit + " of " + started + " (on_timeout: fail)";
            ledger.decision(key.stepId(), key.host(), "stepwise", "reject", note);
            return apply(key, "reject", "stepwise", note);
        }
        if (operator.interactive()) {
            return null;
        }
        return HostOutcome.paused("manual step " + key + " still waits for a person; its timeout (" + limit
                + ") has passed since " + started + " (on_timeout: pause), so it keeps waiting. When it is done:"
                + " stepwise confirm " + ledger.runId() + " " + key.stepId() + " --note TEXT (or: stepwise reject "
                + ledger.runId() + " " + key.stepId() + " --note TEXT), then: stepwise resume " + ledger.runId());
    }

    private HostOutcome apply(StepKey key, String decision, String who, String note) throws StoreException {
        String by = " by " + who + (note == null || note.isBlank() ? "" : ": " + note);
        if ("confirm".equals(decision)) {
            ledger.move(key, StepState.SUCCEEDED, ledger.attempt(key), "confirmed" + by, Map.of());
            screen.line("  confirmed" + by);
            return HostOutcome.DONE;
        }
        ledger.move(key, StepState.REJECTED, ledger.attempt(key), "rejected" + by, Map.of());
        return HostOutcome.failed("manual step " + key + " was rejected" + by
                + ". Fix the cause, then stepwise resume " + ledger.runId() + " (the step is asked again)");
    }
}
