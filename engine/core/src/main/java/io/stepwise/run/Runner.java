package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Step;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.plan.Values;
import io.stepwise.store.Decision;
import io.stepwise.store.OutputChunk;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.text.Durations;
import io.stepwise.text.TemplateException;
import io.stepwise.view.Operator;
import io.stepwise.view.Screen;
import io.stepwise.view.Summary;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Executes a plan step by step, in plan order, recording every state change in the store before
 * moving on. Steps already done are never run again; steps found running (the engine died) are in
 * doubt and re-run only when idempotent, read-only, or retried by the operator; a verify probe can
 * show that they took effect.
 */
public final class Runner {
    static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    /**
     * What the operator asked for on resume: steps to retry or assume done when in doubt (or failed), and
     * values ({@code --set NAME=VALUE}) for captures of steps that counted as done without running.
     */
    public record Options(Set<String> retry, Set<String> assumeDone, Map<String, String> set) {
        public static final Options NONE = new Options(Set.of(), Set.of());

        public Options(Set<String> retry, Set<String> assumeDone) {
            this(retry, assumeDone, Map.of());
        }

        public Options {
            set = set == null ? Map.of() : Map.copyOf(set);
        }

        /** Whether {@code --retry} names the step (every host) or {@code STEP@HOST}. */
        public boolean retries(String stepId, String host) {
            return retry.contains(stepId) || retry.contains(stepId + "@" + host);
        }

        /** Whether {@code --assume-done} names the step (every host) or {@code STEP@HOST}. */
        public boolean assumesDone(String stepId, String host) {
            return assumeDone.contains(stepId) || assumeDone.contains(stepId + "@" + host);
        }
    }

    /** How the invocation ended, and the one line that says what to do next. */
    public record Result(Outcome outcome, String message) {
    }

    private final Plan plan;
    private final RunStore store;
    private final Ledger ledger;
    private final Operator operator;
    private final Screen screen;
    private final Clock clock;
    private final Ticker ticker;
    private final Actions actions;
    private final ManualSteps manual;
    private final InDoubt inDoubt;
    private final Recapture recapture;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final Notices notices;
    /** Each step's position in the plan (its first, were an id there twice), for {@link #next}. */
    private final Map<String, Integer> positions = new java.util.HashMap<>();
    private volatile String leaseLost;
    private Hold hold = Hold.NONE;

    public Runner(Plan plan, RunStore store, Ledger ledger, io.stepwise.transport.Connector connector,
                  Operator operator, Screen screen, Clock clock, Ticker ticker) {
        this(plan, store, ledger, connector, operator, screen, clock, ticker, Notices.NONE);
    }

    /** As above, telling {@code notices} when a step waits for a person, fails or is in doubt, and at the end. */
    public Runner(Plan plan, RunStore store, Ledger ledger, io.stepwise.transport.Connector connector,
                  Operator operator, Screen screen, Clock clock, Ticker ticker, Notices notices) {
        this.notices = notices;
        this.plan = plan;
        this.store = store;
        this.ledger = ledger;
        this.operator = operator;
        this.screen = screen;
        this.clock = clock;
        this.ticker = ticker;
        this.actions = new Actions(plan, connector, clock, ticker);
        this.manual = new ManualSteps(ledger, operator, screen, clock, ticker, store, actions.evidence(), notices);
        this.recapture = new Recapture(store, ledger, operator, screen);
        this.inDoubt = new InDoubt(store, ledger, actions, operator, screen, recapture);
        for (int i = 0; i < plan.steps().size(); i++) {
            positions.putIfAbsent(plan.steps().get(i).id(), i);
        }
    }

    public Actions actions() {
        return actions;
    }

    /** Where {@code stepwise rehearse} wants this engine to stop (see {@link Hold}); none by default. */
    public void hold(Hold where) {
        this.hold = where == null ? Hold.NONE : where;
    }

    /** Another engine took the lease: stop before the next step. */
    public void leaseLost(String why) {
        leaseLost = why;
    }

    /** Runs every step not yet done. */
    public Result run(Options options) throws StoreException {
        if (ledger.runState() != RunState.RUNNING) {
            ledger.runState(RunState.RUNNING, null, null, null, null);
        }
        for (StepKey key : ledger.unfinished()) {
            ledger.move(key, StepState.IN_DOUBT, ledger.attempt(key),
                    "the engine stopped while this step ran; its outcome is unknown", Map.of());
        }
        int total = plan.steps().stream().mapToInt(s -> s.hosts().size()).sum();
        AtomicInteger index = new AtomicInteger();
        for (PlannedStep ps : plan.steps()) {
            if (leaseLost != null) {
                return new Result(Outcome.REFUSED, leaseLost);
            }
            if (ledger.closed() || stopRequested.get()) {
                return new Result(Outcome.INTERRUPTED, "interrupted");
            }
            HostOutcome o;
            try {
                o = runStep(ps, options, index, total);
                if (o.outcome() == Outcome.FINISHED) {
                    HostOutcome missing = recapture.check(ps, options.set());
                    o = missing == null ? o : missing;
                }
            } catch (StoreException e) {
                if (ledger.closed()) {
                    return new Result(Outcome.INTERRUPTED, "interrupted");
                }
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(Outcome.INTERRUPTED, "interrupted");
            }
            if (o.outcome() != Outcome.FINISHED) {
                RunState rs = o.outcome() == Outcome.PAUSED ? RunState.PAUSED
                        : o.outcome() == Outcome.INTERRUPTED ? RunState.INTERRUPTED : RunState.FAILED;
                if (!ledger.closed()) {
                    ledger.runState(rs, ps.id(), null, null, null);
                }
                tell(ps, o);
                return new Result(o.outcome(), screen.mask(o.message()));
            }
        }
        HostOutcome post;
        try {
            post = FinalChecks.run(plan, ledger, store, actions, screen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.INTERRUPTED, "interrupted");
        }
        if (post != null) {
            if (!ledger.closed()) {
                ledger.runState(RunState.FAILED, null, null, null, null);
            }
            notices.failed("postconditions", screen.mask(post.message()));
            return new Result(Outcome.FAILED, post.message());
        }
        ledger.runState(RunState.FINISHED, null, null, null, null);
        notices.finished(ledger.runId());
        return new Result(Outcome.FINISHED, "run " + ledger.runId() + " finished");
    }

    private void tell(PlannedStep ps, HostOutcome o) {
        String why = screen.mask(o.message());
        if (o.outcome() == Outcome.FAILED) {
            notices.failed(ps.id(), why);
        } else if (o.outcome() == Outcome.PAUSED && ps.hosts().stream()
                .anyMatch(h -> ledger.state(key(ps, h)) == StepState.IN_DOUBT)) {
            notices.inDoubt(ps.id(), why);
        }
    }

    private HostOutcome runStep(PlannedStep ps, Options options, AtomicInteger index, int total)
            throws StoreException, InterruptedException {
        Step step = ps.step();
        List<Host> open = ps.hosts().stream().filter(h -> !ledger.state(key(ps, h)).done()).toList();
        if (open.isEmpty()) {
            index.addAndGet(ps.hosts().size());
            return HostOutcome.DONE;
        }
        // the run is RUNNING since the engine took it; its current step follows the step's first event
        if (step.optional()) {
            // its when: first, so that nobody is asked about a step that would not run (and a choice to run it,
            // given while the run was paused, does not run it where its condition is false)
            try {
                open = skipWhereWhenIsFalse(ps, open, index);
            } catch (TemplateException e) {
                return cannotRender(step, key(ps, open.get(0)), e);
            }
            if (open.isEmpty()) {
                return HostOutcome.DONE;
            }
            HostOutcome chosen = optional(ps, open, index, total);
            if (chosen != null) {
                if (chosen == HostOutcome.DONE) {
                    hold.at(ps.id(), Hold.Phase.DONE);
                }
                return chosen;
            }
        }
        if (oneAtATime(ps)) {
            HostOutcome worst = HostOutcome.DONE;
            for (Host h : ps.hosts()) {
                HostOutcome o = onHost(ps, h, options, index.incrementAndGet(), total);
                worst = worst.worst(o);
                if (o.outcome() != Outcome.FINISHED) {
                    break;
                }
            }
            return worst;
        }
        return parallel(ps, options, index, total, step.parallel());
    }

    private HostOutcome parallel(PlannedStep ps, Options options, AtomicInteger index, int total, int parallel)
            throws InterruptedException, StoreException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        Semaphore slots = new Semaphore(parallel);
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<HostOutcome>> futures = new ArrayList<>();
        try {
            for (Host h : ps.hosts()) {
                slots.acquire();
                if (failed.get()) {
                    slots.release();
                    break;
                }
                int k = index.incrementAndGet();
                futures.add(pool.submit(() -> {
                    try {
                        HostOutcome o = onHost(ps, h, options, k, total);
                        if (o.outcome() != Outcome.FINISHED) {
                            failed.set(true);
                        }
                        return o;
                    } finally {
                        slots.release();
                    }
                }));
            }
            HostOutcome worst = HostOutcome.DONE;
            for (Future<HostOutcome> f : futures) {
                try {
                    worst = worst.worst(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof StoreException se) {
                        throw se;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
            return worst;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The hosts of an optional step whose {@code when} holds (or which already began); the others are skipped. */
    private List<Host> skipWhereWhenIsFalse(PlannedStep ps, List<Host> open, AtomicInteger index)
            throws StoreException {
        Step step = ps.step();
        if (step.when() == null || ledger.lastDecision(ps.id(), Set.of(Decision.RUN_OPTIONAL)).isPresent()) {
            return open; // chosen to run: its when was evaluated before the choice
        }
        List<Host> still = new ArrayList<>();
        for (Host h : open) {
            StepKey key = key(ps, h);
            StepState state = ledger.state(key);
            boolean unstarted = state == StepState.PENDING || state == StepState.WAITING_FOR_PERSON
                    && ledger.attempt(key) == 0;
            if (unstarted && !Conditions.holds(step.when(), values(h, false))) {
                index.incrementAndGet();
                skipByWhen(step, key, "  " + ps.id() + " on " + h.name() + ": ");
            } else {
                still.add(h);
            }
        }
        return still;
    }

    /** Records the step skipped on the key's host because its {@code when} is false, and says so. */
    private void skipByWhen(Step step, StepKey key, String prefix) throws StoreException {
        ledger.move(key, StepState.SKIPPED, ledger.attempt(key), "when: " + step.when() + " is false", Map.of());
        screen.line(prefix + "skipped: when " + step.when() + " is false");
    }

    /**
     * The values a template of a step on {@code h} sees (the captures as {@code h} has them); {@code mask}: secret
     * params as {@code ****}, for what is shown.
     */
    private Function<String, String> values(Host h, boolean mask) {
        return Values.resolver(plan, h, ledger.captures(h.name()), ledger.runId(), mask);
    }

    private HostOutcome optional(PlannedStep ps, List<Host> open, AtomicInteger index, int total)
            throws StoreException {
        String id = ps.id();
        Decision choice = ledger.lastDecision(id, Set.of(Decision.RUN_OPTIONAL, Decision.SKIP_OPTIONAL))
                .map(Decision::of).orElse(null);
        if (choice == null) {
            // a confirm/reject given while the step waited for the choice is the choice: record it as such, so a
            // manual step's own confirm is still asked for
            var answered = ledger.lastDecision(id, Set.of(Decision.CONFIRM, Decision.REJECT));
            if (answered.isPresent()) {
                choice = Decision.of(answered.get()) == Decision.CONFIRM ? Decision.RUN_OPTIONAL : Decision.SKIP_OPTIONAL;
                ledger.decision(id, null, answered.get().actor(), choice, answered.get().note());
            }
        }
        if (choice == null) {
            screen.line("[" + (index.get() + 1) + "/" + total + "] " + id + " is optional: " + ps.step().title());
            for (Host h : open) {
                screen.line("  " + h.name() + ": " + whatRuns(ps.step(), h));
            }
            Operator.Answer a = operator.askOptional(id, ps.step().title());
            if (a.kind() == Operator.Answer.Kind.RUN || a.kind() == Operator.Answer.Kind.SKIP) {
                choice = a.kind() == Operator.Answer.Kind.RUN ? Decision.RUN_OPTIONAL : Decision.SKIP_OPTIONAL;
                ledger.decision(id, null, operator.who(), choice, a.note());
            } else {
                for (Host h : open) {
                    StepKey key = key(ps, h);
                    if (ledger.state(key) != StepState.WAITING_FOR_PERSON && ledger.state(key).canMoveTo(
                            StepState.WAITING_FOR_PERSON)) {
                        ledger.move(key, StepState.WAITING_FOR_PERSON, ledger.attempt(key),
                                "optional: waiting for the operator's choice", Map.of());
                    }
                }
                return HostOutcome.paused("optional step " + id + " waits for a choice: stepwise confirm "
                        + ledger.runId() + " " + id + " to run it, or stepwise reject " + ledger.runId() + " " + id
                        + " --note WHY to skip it; then stepwise resume " + ledger.runId());
            }
        }
        if (choice == Decision.SKIP_OPTIONAL) {
            for (Host h : open) {
                StepKey key = key(ps, h);
                index.incrementAndGet();
                if (ledger.state(key).canMoveTo(StepState.SKIPPED)) {
                    ledger.move(key, StepState.SKIPPED, ledger.attempt(key), "optional step skipped by the operator",
                            Map.of());
                }
            }
            screen.line("  " + id + ": skipped (optional, the operator chose not to run it)");
            return HostOutcome.DONE;
        }
        return null;
    }

    private HostOutcome onHost(PlannedStep ps, Host h, Options options, int k, int total)
            throws StoreException, InterruptedException {
        HostOutcome o = onHostOnce(ps, h, options, k, total);
        if (o == HostOutcome.DONE && ledger.state(key(ps, h)).done()) {
            hold.at(ps.id(), Hold.Phase.DONE);
        }
        return o;
    }

    private HostOutcome onHostOnce(PlannedStep ps, Host h, Options options, int k, int total)
            throws StoreException, InterruptedException {
        Step step = ps.step();
        StepKey key = key(ps, h);
        StepState state = ledger.state(key);
        if (state.done()) {
            return HostOutcome.DONE;
        }
        screen.line("[" + k + "/" + total + "] " + step.id() + " on " + h.name()
                + (step.title() != null && !step.title().equals(step.id()) ? " — " + step.title() : ""));
        Function<String, String> values = values(h, false);
        if (state == StepState.IN_DOUBT) {
            HostOutcome earlier = inDoubt.earlierCommand(h, key, options);
            if (earlier != null) {
                return earlier;
            }
        }
        if (options.assumesDone(step.id(), h.name()) && state.canMoveTo(StepState.ASSUMED_DONE)) {
            ledger.decision(step.id(), h.name(), operator.who(), Decision.ASSUME_DONE, null);
            ledger.move(key, StepState.ASSUMED_DONE, ledger.attempt(key), "assumed done by " + operator.who(),
                    Map.of());
            screen.line("  assumed done (--assume-done)");
            recapture.from(step, key, null);
            return HostOutcome.DONE;
        }
        try {
            if (state == StepState.IN_DOUBT) {
                HostOutcome resolved = inDoubt.settle(ps, h, key, values, options);
                if (resolved != null) {
                    return resolved;
                }
            } else if (state == StepState.PENDING && !Conditions.holds(step.when(), values)) {
                skipByWhen(step, key, "  ");
                return HostOutcome.DONE;
            }
            if (step.action() instanceof Action.Manual m) {
                return manual.run(ps, key, m, values);
            }
        } catch (TemplateException e) {
            if (state == StepState.IN_DOUBT) {
                // its verify probe or copy check cannot be rendered: still in doubt, the operator chooses (failing it
                // would let the next resume run it again without anyone choosing)
                return inDoubt.ask(key, "what settles it cannot be run: " + step.mark().prefix(e.getMessage()));
            }
            return cannotRender(step, key, e);
        }
        return execute(step, h, key, values, options);
    }

    /**
     * A template that cannot be rendered (e.g. a value captured by a step that was skipped): the step fails,
     * with where the step is in the procedure. Any other exception is a bug and is not reported as the step's.
     */
    private HostOutcome cannotRender(Step step, StepKey key, TemplateException e) throws StoreException {
        String why = step.mark().prefix(e.getMessage());
        int attempt = ledger.attempt(key);
        if (ledger.state(key) != StepState.RUNNING) {
            attempt++;
            ledger.move(key, StepState.RUNNING, attempt, null, Map.of());
        }
        ledger.move(key, StepState.FAILED, attempt, why, Map.of());
        screen.line("  failed: " + why);
        return HostOutcome.failed("step " + key + " failed: " + why + ". Fix the procedure or give the value, then:"
                + " stepwise resume " + ledger.runId());
    }

    private HostOutcome execute(Step step, Host h, StepKey key, Function<String, String> values, Options options)
            throws StoreException, InterruptedException {
        int attempt = ledger.attempt(key);
        // recorded as started in the same write as the previous step's end (see next): not written again
        int started = ledger.takeStarted(key);
        if (started > 0) {
            attempt = started - 1;
        }
        Duration delay = step.retryDelay() != null ? step.retryDelay() : DEFAULT_RETRY_DELAY;
        for (int i = 0; ; i++) {
            attempt++;
            if (i > 0 || started != attempt) {
                ledger.move(key, StepState.RUNNING, attempt, null, Map.of());
            }
            if (ledger.closed()) {
                return HostOutcome.interrupted(); // Ctrl-C came while the start was being recorded: nothing runs
            }
            hold.at(step.id(), Hold.Phase.STARTED);
            StepOutput out = new StepOutput(screen, store, ledger.runId(), key, attempt);
            int thisAttempt = attempt;
            out.progressTo((text, data) -> ledger.progress(key, thisAttempt, text, data));
            long t0 = clock.millis();
            StepResult r;
            try {
                r = actions.run(step.action(), step.on(), h, values, step.expect(), step.capture(), step.timeout(),
                        out);
            } catch (TemplateException e) {
                out.save();
                return cannotRender(step, key, e);
            }
            hold.at(step.id(), Hold.Phase.RAN);
            if (ledger.closed()) {
                out.save();
                return HostOutcome.interrupted();
            }
            // the output not yet stored goes into the same write as the event that ends the step
            List<OutputChunk> rest = out.take();
            String took = Durations.format(Duration.ofMillis(clock.millis() - t0));
            Map<String, String> data = new java.util.LinkedHashMap<>(r.data() == null ? Map.of() : r.data());
            if (r.inDoubt()) {
                ledger.move(key, StepState.IN_DOUBT, attempt, r.reason(), data, rest);
                return inDoubt.cutOff(step, key, r.reason());
            }
            if (r.ok()) {
                StepKey then = next(step, h, r.captures(), options);
                if (then != null) {
                    // this step's end and the next one's start: one durable write
                    ledger.endAndStart(key, StepState.SUCCEEDED, attempt, null, data, r.captures(), rest, then,
                            ledger.attempt(then) + 1);
                    if (r.captures() != null) {
                        r.captures().forEach((n, v) -> screen.line("  captured " + n + " = " + Screen.continued(v)));
                    }
                } else {
                    if (r.captures() != null && !r.captures().isEmpty()) {
                        ledger.captured(key, attempt, r.captures(), rest);
                        rest = List.of();
                        r.captures().forEach((n, v) -> screen.line("  captured " + n + " = " + Screen.continued(v)));
                    }
                    ledger.move(key, StepState.SUCCEEDED, attempt, null, data, rest);
                }
                // the duration the table and the report show: from the step's recorded start to its recorded end
                // (from this step's own events: the whole run's, copied and summed up at every step, add up)
                screen.line("  ok (" + Durations.format(Summary.duration(ledger.events(key), key.stepId(), key.host()))
                        + ")");
                return HostOutcome.DONE;
            }
            if (r.refused()) {
                ledger.move(key, StepState.FAILED, attempt, r.reason(), data, rest);
                return HostOutcome.refused("step " + key + " did not run: " + r.reason() + ". Once the host key is"
                        + " settled, continue with: stepwise resume " + ledger.runId());
            }
            ledger.move(key, StepState.FAILED, attempt, r.reason(), data, rest);
            screen.line("  failed on " + h.name() + " (attempt " + attempt + ", " + took + "): " + r.reason());
            if (i >= step.retries() && r.notRun()) {
                return HostOutcome.failed("step " + key + " did not run: " + r.reason() + ". Nothing was run on "
                        + h.name() + "; fix the cause, then: stepwise resume " + ledger.runId());
            }
            if (i >= step.retries()) {
                return HostOutcome.failed("step " + key + " failed: " + r.reason() + ". Fix the cause, then: "
                        + "stepwise resume " + ledger.runId() + " (or --assume-done " + step.id()
                        + " if you did it by hand)");
            }
            screen.line("  retrying in " + Durations.format(delay) + " (" + (i + 1) + " of " + step.retries()
                    + " retries)");
            ticker.sleep(delay);
            delay = delay.multipliedBy(2);
        }
    }

    /**
     * The step on a host that this runner will start right after {@code step} succeeded on {@code h}, when that is
     * certain now: the next host of the same step, or the next step's first host, run one host at a time, pending,
     * neither optional nor manual nor assumed done, with its {@code when} true given the captured values; nothing
     * may stop the run in between (lease, Ctrl-C, a rehearsal's hold at this step's end, a capture to ask for).
     * Null otherwise: then the next step's start is written on its own, as always.
     */
    private StepKey next(Step step, Host h, Map<String, String> captured, Options options) {
        if (leaseLost != null || ledger.closed() || stopRequested.get() || hold.stopsAt(step.id(), Hold.Phase.DONE)) {
            return null;
        }
        Map<String, String> wanted = step.capture() == null ? Map.of() : step.capture();
        if (!wanted.isEmpty() && (captured == null || !captured.keySet().containsAll(wanted.keySet()))) {
            return null; // Recapture would ask for the missing values before the next step
        }
        List<PlannedStep> steps = plan.steps();
        int i = positions.getOrDefault(step.id(), steps.size());
        if (i == steps.size() || !oneAtATime(steps.get(i))) {
            return null;
        }
        PlannedStep ps = steps.get(i);
        int at = ps.hosts().indexOf(h);
        PlannedStep nextStep;
        Host nextHost;
        if (at >= 0 && at + 1 < ps.hosts().size()) {
            nextStep = ps;
            nextHost = ps.hosts().get(at + 1);
        } else if (i + 1 < steps.size() && !steps.get(i + 1).hosts().isEmpty() && oneAtATime(steps.get(i + 1))) {
            nextStep = steps.get(i + 1);
            nextHost = nextStep.hosts().get(0);
        } else {
            return null;
        }
        Step s = nextStep.step();
        StepKey key = key(nextStep, nextHost);
        if (s.optional() || s.action() instanceof Action.Manual || ledger.state(key) != StepState.PENDING
                || options.assumesDone(s.id(), nextHost.name())) {
            return null;
        }
        try {
            return Conditions.holds(s.when(), Values.resolver(plan, nextHost, ledger.capturesWith(captured),
                    ledger.runId(), false)) ? key : null;
        } catch (TemplateException e) {
            return null;
        }
    }

    /** Whether the step runs on its hosts one after the other (a manual step always does), else up to its parallel. */
    private static boolean oneAtATime(PlannedStep ps) {
        Step step = ps.step();
        int parallel = step.action() instanceof Action.Manual ? 1 : Math.max(1, step.parallel());
        return parallel == 1 || ps.hosts().size() == 1;
    }

    /** The step's action as it would run on {@code h}, secrets masked, for the person choosing. */
    private String whatRuns(Step step, Host h) {
        try {
            return screen.mask(io.stepwise.plan.ActionText.describe(step.action(),
                    values(h, true)));
        } catch (TemplateException e) {
            return io.stepwise.plan.ActionText.describe(step.action(), name -> "{{" + name + "}}");
        }
    }

    private static StepKey key(PlannedStep ps, Host h) {
        return new StepKey(ps.id(), h.name());
    }
}
