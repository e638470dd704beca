package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Gate;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.store.Decision;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.text.Durations;
import io.stepwise.text.Template;
import io.stepwise.view.EvidenceValue;
import io.stepwise.view.Operator;
import io.stepwise.view.Screen;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A manual step on one host. It records the wait (with the gate's rules) and the evidence values, then: in
 * a terminal it prompts while watching the run store, so a decision from another channel (the web console,
 * another shell's {@code stepwise confirm}) releases it within {@link #POLL} and the prompt says who
 * decided; with {@code --wait} it only watches the store; otherwise it pauses the run (exit 3). Before a
 * confirm counts, the evidence probes run again and a changed value refuses it ({@link Gates#verify}).
 */
final class ManualSteps {
    /** How often a waiting engine looks for a decision recorded elsewhere. */
    static final Duration POLL = Duration.ofMillis(500);

    private final Ledger ledger;
    private final Operator operator;
    private final Screen screen;
    private final Clock clock;
    private final Ticker ticker;
    private final RunStore store;
    private final EvidenceProbes probes;
    private final Notices notices;

    ManualSteps(Ledger ledger, Operator operator, Screen screen, Clock clock, Ticker ticker, RunStore store,
                EvidenceProbes probes, Notices notices) {
        this.ledger = ledger;
        this.operator = operator;
        this.screen = screen;
        this.clock = clock;
        this.ticker = ticker;
        this.store = store;
        this.probes = probes;
        this.notices = notices;
    }

    HostOutcome run(PlannedStep ps, StepKey key, Action.Manual manual, Function<String, String> values)
            throws StoreException, InterruptedException {
        StepState state = ledger.state(key);
        String refused = null;
        if (state == StepState.WAITING_FOR_PERSON) {
            Optional<RunEvent> decided = ledger.decisionSinceWaiting(key);
            if (decided.isPresent()) {
                screen.line("  " + Decision.of(decided.get()) + "ed by " + Gates.by(decided.get())
                        + " while no engine waited");
                Outcome o = act(ps, key, manual.gate(), decided.get());
                if (o.result != null) {
                    return o.result;
                }
                refused = o.refused;
            }
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
        boolean ruled = ledger.waitingEvent(key).map(e -> e.data() != null && e.data().containsKey("instructions"))
                .orElse(false);
        if (ledger.state(key) != StepState.WAITING_FOR_PERSON || !ruled) {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("instructions", instructions);
            data.putAll(Gates.rules(manual.gate()));
            ledger.move(key, StepState.WAITING_FOR_PERSON, ledger.attempt(key), "waiting for a person", data);
        }
        screen.line("  " + screen.mask(instructions).strip().replace("\n", "\n  "));
        showRules(manual.gate());
        if (refused == null && !manual.gate().evidence().isEmpty()) {
            ledger.evidence(key, probe(ps, key, manual.gate()));
        }
        showEvidence(ledger.shownEvidence(key));
        notices.waiting(key, instructions);
        return await(ps, key, manual, instructions, refused);
    }

    private HostOutcome await(PlannedStep ps, StepKey key, Action.Manual manual, String instructions, String refused)
            throws StoreException, InterruptedException {
        if (!operator.interactive() && !operator.waits()) {
            return HostOutcome.paused((refused == null ? "" : refused + ". ") + "manual step " + key
                    + " waits for a person. When it is done: stepwise confirm " + ledger.runId() + " "
                    + key.stepId() + " --note TEXT (or: stepwise reject " + ledger.runId() + " " + key.stepId()
                    + " --note TEXT), then: stepwise resume " + ledger.runId());
        }
        Instant began = ledger.waitingStartedAt(key);
        Instant deadline = manual.timeout() == null || began == null ? null : began.plus(manual.timeout());
        if (deadline != null && !clock.instant().isBefore(deadline)) {
            deadline = clock.instant().plus(manual.timeout()); // asked again after on_timeout: pause
        }
        if (!operator.interactive()) {
            screen.line("  waiting for a decision: stepwise confirm " + ledger.runId() + " " + key.stepId()
                    + " (or reject), or the web console" + (deadline == null ? "" : "; until " + deadline));
        }
        CompletableFuture<Operator.Answer> prompt = prompt(key, instructions, deadline);
        try {
            while (true) {
                ledger.refresh();
                Optional<RunEvent> elsewhere = ledger.decisionSinceWaiting(key);
                if (elsewhere.isPresent()) {
                    if (prompt != null) {
                        prompt.cancel(true);
                    }
                    RunEvent d = elsewhere.get();
                    screen.line("  " + Decision.of(d) + "ed by " + Gates.by(d)
                            + (d.note() == null ? "" : ": " + Screen.continued(d.note())));
                    Outcome o = act(ps, key, manual.gate(), d);
                    if (o.result != null) {
                        return o.result;
                    }
                    prompt = prompt(key, instructions, deadline);
                    continue;
                }
                if (prompt != null && prompt.isDone() && !prompt.isCancelled()) {
                    Operator.Answer a = prompt.join();
                    switch (a.kind()) {
                        case CONFIRM, REJECT -> {
                            HostOutcome done = answered(ps, key, manual.gate(), a);
                            if (done != null) {
                                return done;
                            }
                            prompt = prompt(key, instructions, deadline);
                            continue;
                        }
                        case TIMEOUT -> {
                            HostOutcome late = onTimeout(key, manual);
                            if (late != null) {
                                return late;
                            }
                            continue; // a decision came in the meantime: act on it
                        }
                        default -> {
                            return HostOutcome.paused("paused at manual step " + key + "; continue with: stepwise resume "
                                    + ledger.runId());
                        }
                    }
                }
                if (deadline != null && !clock.instant().isBefore(deadline)) {
                    HostOutcome late = onTimeout(key, manual);
                    if (late != null) {
                        return late;
                    }
                    continue;
                }
                pause(prompt);
            }
        } finally {
            if (prompt != null) {
                prompt.cancel(true);
            }
        }
    }

    /** The terminal's own answer, checked and recorded like any other channel's; null when refused (ask again). */
    private HostOutcome answered(PlannedStep ps, StepKey key, Gate gate, Operator.Answer a)
            throws StoreException, InterruptedException {
        RunInfo info = store.run(ledger.runId()).orElseThrow();
        RunEvent recorded;
        try {
            recorded = Gates.decide(ledger, info, new DecisionRequest(ledger.runId(), key.stepId(), key.host(),
                    a.kind() == Operator.Answer.Kind.CONFIRM, operator.who(), a.note(),
                    Channel.terminal(operator.login()), ledger.shownEvidence(key)));
        } catch (RunException e) {
            screen.line("  " + e.getMessage().replace("\n", "\n  "));
            return null;
        }
        return act(ps, key, gate, recorded).result;
    }

    private CompletableFuture<Operator.Answer> prompt(StepKey key, String instructions, Instant deadline) {
        if (!operator.interactive()) {
            return null;
        }
        Duration left = deadline == null ? null : Duration.between(clock.instant(), deadline);
        return operator.askManualAsync(key.stepId(), key.host(), instructions,
                left == null ? null : left.isNegative() ? Duration.ZERO : left);
    }

    private void pause(CompletableFuture<Operator.Answer> prompt) throws InterruptedException {
        if (prompt == null) {
            ticker.sleep(POLL);
            return;
        }
        try {
            prompt.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | java.util.concurrent.CancellationException e) {
            // look at the store again
        }
    }

    /** What acting on a decision came to: a result, or (the evidence changed) the refusal and keep waiting. */
    private record Outcome(HostOutcome result, String refused) {
    }

    private Outcome act(PlannedStep ps, StepKey key, Gate gate, RunEvent decision)
            throws StoreException, InterruptedException {
        boolean confirm = Decision.of(decision) == Decision.CONFIRM;
        if (confirm && !gate.evidence().isEmpty() && decision.data().containsKey("channel")) {
            List<EvidenceValue> fresh = probe(ps, key, gate);
            ledger.evidence(key, fresh);
            String why = Gates.verify(ledger, key, decision, fresh);
            if (why != null) {
                String line = "the confirm by " + Gates.by(decision) + " of " + key + " was refused: " + why;
                screen.line("  " + line);
                screen.line("  the values now:");
                showEvidence(fresh);
                return new Outcome(null, line);
            }
        }
        return new Outcome(apply(key, confirm, Gates.by(decision), decision.note()), null);
    }

    private List<EvidenceValue> probe(PlannedStep ps, StepKey key, Gate gate) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return probes.probe(ps, gate, ledger.runId(), ledger.captures(key.host()), screen::mask);
    }

    private void showRules(Gate gate) {
        if (!gate.approvers().isEmpty()) {
            screen.line("  only " + String.join(", ", gate.approvers()) + " may confirm it");
        }
        if (gate.fourEyes()) {
            screen.line("  four eyes: the operator who started the run may not confirm it");
        }
    }

    private void showEvidence(List<EvidenceValue> values) {
        for (EvidenceValue v : values) {
            String value = screen.mask(v.value()).strip();
            screen.line("  evidence " + v.label() + ":" + (value.contains("\n") ? "\n    " + value.replace("\n", "\n    ")
                    : " " + value));
        }
    }

    /** The answer's time is up: fail the step or pause; null when a person decided in the meantime (act on it). */
    private HostOutcome onTimeout(StepKey key, Action.Manual manual) throws StoreException {
        if (manual.onTimeout() == Action.OnTimeout.FAIL) {
            String note = "no answer within " + Durations.format(manual.timeout()) + " (on_timeout: fail)";
            return timeoutReject(key, note);
        }
        return HostOutcome.paused("no answer within " + Durations.format(manual.timeout())
                + "; the run is paused. Answer with stepwise confirm/reject, then stepwise resume " + ledger.runId());
    }

    /** The timeout passed since the step began waiting, found on resume: fail, or say so and keep waiting. */
    private HostOutcome timedOut(StepKey key, Action.Manual manual, Instant started) throws StoreException {
        String limit = Durations.format(manual.timeout());
        if (manual.onTimeout() == Action.OnTimeout.FAIL) {
            return timeoutReject(key, "no answer within " + limit + " of " + started + " (on_timeout: fail)");
        }
        if (operator.interactive()) {
            return null;
        }
        return HostOutcome.paused("manual step " + key + " still waits for a person; its timeout (" + limit
                + ") has passed since " + started + " (on_timeout: pause), so it keeps waiting. When it is done:"
                + " stepwise confirm " + ledger.runId() + " " + key.stepId() + " --note TEXT (or: stepwise reject "
                + ledger.runId() + " " + key.stepId() + " --note TEXT), then: stepwise resume " + ledger.runId());
    }

    /**
     * The engine's reject when the time is up, recorded only if no person decided since the ledger last read the
     * run (the first decision stands); null when one did.
     */
    private HostOutcome timeoutReject(StepKey key, String note) throws StoreException {
        if (ledger.decisionIfUnchanged(key.stepId(), key.host(), "stepwise", Decision.REJECT, note, Map.of()).isEmpty()) {
            return null;
        }
        return apply(key, false, "stepwise", note);
    }

    private HostOutcome apply(StepKey key, boolean confirm, String who, String note) throws StoreException {
        String by = " by " + who + (note == null || note.isBlank() ? "" : ": " + Screen.continued(note));
        if (confirm) {
            ledger.move(key, StepState.SUCCEEDED, ledger.attempt(key), "confirmed" + by, Map.of());
            screen.line("  confirmed" + by);
            return HostOutcome.DONE;
        }
        ledger.move(key, StepState.REJECTED, ledger.attempt(key), "rejected" + by, Map.of());
        return HostOutcome.failed("manual step " + key + " was rejected" + by
                + ". Fix the cause, then stepwise resume " + ledger.runId() + " (the step is asked again)");
    }
}
