package io.stepwise.run;

import io.stepwise.model.StepState;
import io.stepwise.store.Decision;
import io.stepwise.store.OutputChunk;
import io.stepwise.store.RunEvent.EventType;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.text.Template;
import io.stepwise.view.EvidenceValue;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The run's state as rebuilt from the store, and the only writer of step events. Every change is
 * appended (durably) before it is applied in memory; transitions follow {@link StepState#TRANSITIONS}.
 * After {@link #close} only the Ctrl-C's record ({@link #interrupted}) is written, so a Ctrl-C's record is the last word.
 */
public final class Ledger {
    private final RunStore store;
    private final String runId;
    private final Clock clock;
    /** {@link Template#mask} with the run's secrets, their renderings worked out once. */
    private final java.util.function.UnaryOperator<String> mask;
    private final Map<StepKey, StepState> states = new HashMap<>();
    private final Map<StepKey, Integer> attempts = new HashMap<>();
    private final Map<StepKey, Long> waitingSince = new HashMap<>();
    private final Map<String, String> captures = new LinkedHashMap<>();
    /** Each captured name's value on each host that captured it (see {@link #captures(String)}). */
    private final Map<String, Map<String, String>> capturedOn = new HashMap<>();
    /** Steps recorded as started by {@link #endAndStart} and not yet taken up by their runner: key → attempt. */
    private final Map<StepKey, Integer> started = new HashMap<>();
    private final List<RunEvent> events;
    /** The events of each step on each host, in order (see {@link #events(StepKey)}). */
    private final Map<StepKey, List<RunEvent>> byStep = new HashMap<>();
    private volatile boolean closed;
    /** See {@link #justStarted}. */
    private boolean startRecorded;
    /** The steps recorded as running, readable without the monitor (Ctrl-C must not wait for a blocked write). */
    private final Set<StepKey> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Set while {@link #interrupted} records the Ctrl-C, the one writer allowed after {@link #close}. */
    private boolean bypass;
    /** The run's state as its RUN_STATE events say; a run without one (made before they existed) is RUNNING. */
    private RunState runState = RunState.RUNNING;

    private Ledger(RunStore store, String runId, Clock clock, Map<String, String> secrets, List<RunEvent> events) {
        this.store = store;
        this.runId = runId;
        this.clock = clock;
        this.mask = Template.masker(secrets);
        this.events = new java.util.ArrayList<>();
        events.forEach(this::apply);
    }

    /**
     * Records a new run with its first events (how it started, what it planned) in one durable write, and returns
     * its ledger: a kill in between leaves no run, or a run that says how it started. Events without a time get
     * the clock's.
     */
    public static Ledger create(RunStore store, RunInfo run, Clock clock, Map<String, String> secrets,
                                List<RunEvent> first) throws StoreException {
        Ledger ledger = new Ledger(store, run.id(), clock, secrets, List.of());
        List<RunEvent> masked = first.stream().map(e -> ledger.masked(ledger.timed(e))).toList();
        List<Long> seqs = store.createRun(run, masked);
        for (int i = 0; i < masked.size(); i++) {
            ledger.apply(stored(masked.get(i), seqs.get(i)));
        }
        RunEvent last = masked.isEmpty() ? null : masked.get(masked.size() - 1);
        ledger.startRecorded = last != null && last.runState() == RunState.RUNNING;
        return ledger;
    }

    /**
     * Whether this ledger was just {@link #create}d with its run moved to RUNNING as the last of its first events,
     * and nothing recorded since: the engine that starts the run need not record that move again.
     */
    public synchronized boolean justStarted() {
        return startRecorded;
    }

    /** Rebuilds the run's state from its stored events. */
    public static Ledger load(RunStore store, String runId, Clock clock, Map<String, String> secrets)
            throws StoreException {
        return new Ledger(store, runId, clock, secrets, store.events(runId));
    }

    private void apply(RunEvent e) {
        events.add(e);
        if (e.stepId() != null && e.host() != null) {
            byStep.computeIfAbsent(new StepKey(e.stepId(), e.host()), k -> new java.util.ArrayList<>()).add(e);
        }
        if (e.type() == EventType.STEP_STATE) {
            StepKey key = new StepKey(e.stepId(), e.host());
            states.put(key, e.state());
            if (e.state() == StepState.RUNNING) {
                running.add(key);
            } else {
                running.remove(key);
            }
            attempts.merge(key, e.attempt(), Math::max);
            if (e.state() == StepState.WAITING_FOR_PERSON) {
                waitingSince.put(key, e.seq());
            }
        } else if (e.type() == EventType.CAPTURED && e.data() != null) {
            captures.putAll(e.data());
            if (e.host() != null) {
                e.data().forEach((n, v) -> capturedOn.computeIfAbsent(n, k -> new LinkedHashMap<>()).put(e.host(), v));
            }
        } else if (e.runState() != null) {
            runState = e.runState();
        }
    }

    /** The run's state as recorded. */
    public synchronized RunState runState() {
        return runState;
    }

    /**
     * Moves the whole run to {@code next} ({@code stepId}: where it stopped, null when nowhere): one event,
     * written with the run's summary row in one transaction. Illegal changes ({@link RunState#TRANSITIONS})
     * are bugs and throw.
     *
     * @param decision the person's decision that made the change (abandon), or null
     */
    public synchronized void runState(RunState next, String stepId, String actor, String note, Decision decision)
            throws StoreException {
        if (!runState.canMoveTo(next)) {
            throw new IllegalStateException("illegal transition of run " + runId + ": " + runState + " -> " + next);
        }
        write(RunEvent.runState(clock.instant(), next, stepId, actor, note,
                decision == null ? Map.of() : Map.of(Decision.KEY, decision.wire())));
    }

    public String runId() {
        return runId;
    }

    public synchronized StepState state(StepKey key) {
        return states.getOrDefault(key, StepState.PENDING);
    }

    synchronized int attempt(StepKey key) {
        return attempts.getOrDefault(key, 0);
    }

    synchronized Map<String, String> captures() {
        return new LinkedHashMap<>(captures);
    }

    /**
     * The captured values as a step on {@code host} sees them: a name captured on several hosts (a step on a role of
     * several hosts) has the value {@code host} captured, and none on a host that did not capture it (which of the
     * others would be a guess: the template then fails naming it); a name captured on one host has that value.
     */
    synchronized Map<String, String> captures(String host) {
        Map<String, String> out = new LinkedHashMap<>(captures);
        capturedOn.forEach((name, byHost) -> {
            if (byHost.size() > 1) {
                if (byHost.containsKey(host)) {
                    out.put(name, byHost.get(host));
                } else {
                    out.remove(name);
                }
            }
        });
        return out;
    }

    public synchronized List<RunEvent> events() {
        return List.copyOf(events);
    }

    /** The events of one step on one host, in order: all that its row in {@link io.stepwise.view.Summary} is made of. */
    synchronized List<RunEvent> events(StepKey key) {
        return List.copyOf(byStep.getOrDefault(key, List.of()));
    }

    /**
     * Steps recorded as running (or interrupted) — in doubt when found on resume; not one that Ctrl-C stopped before
     * its command was sent ({@link Interruption#NOT_STARTED}): nothing of it ran, so resume simply runs it.
     */
    synchronized Set<StepKey> unfinished() {
        return states.entrySet().stream()
                .filter(e -> e.getValue() == StepState.RUNNING || e.getValue() == StepState.INTERRUPTED
                        && !notStarted(e.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private boolean notStarted(StepKey key) {
        RunEvent e = lastState(key);
        return e != null && e.state() == StepState.INTERRUPTED && e.data() != null
                && "yes".equals(e.data().get(Interruption.NOT_STARTED));
    }

    /** Moves a step on a host to {@code next}; illegal transitions are bugs and throw. */
    synchronized void move(StepKey key, StepState next, int attempt, String note, Map<String, String> data)
            throws StoreException {
        move(key, next, attempt, note, data, List.of());
    }

    /** As {@link #move(StepKey, StepState, int, String, Map)}, storing the step's last output in the same write. */
    synchronized void move(StepKey key, StepState next, int attempt, String note, Map<String, String> data,
                                  List<OutputChunk> output) throws StoreException {
        checkMove(key, next);
        write(new RunEvent(0, clock.instant(), EventType.STEP_STATE, key.stepId(), key.host(), next, attempt, null,
                note, data == null ? Map.of() : data), output);
    }

    /** An illegal transition is a bug: it throws. */
    private void checkMove(StepKey key, StepState next) {
        StepState now = state(key);
        if (!now.canMoveTo(next)) {
            throw new IllegalStateException("illegal transition of " + key + ": " + now + " -> " + next);
        }
    }

    /**
     * A step's end and the next step's start as one durable write (one commit, one fsync instead of two): the
     * captured values (if any), {@code key}'s move to {@code next}, then {@code start}'s move to RUNNING with
     * {@code startAttempt}. The promises of two writes hold: the end is durable before anything that depends on
     * it (the next step's command runs only after this write), and the start is durable before its command runs.
     * A stop right after it finds {@code start} running, as a stop right after its own write would have. Its
     * runner takes the start up with {@link #takeStarted}.
     */
    synchronized void endAndStart(StepKey key, StepState next, int attempt, String note, Map<String, String> data,
                                  Map<String, String> captured, List<OutputChunk> output, StepKey start,
                                  int startAttempt) throws StoreException {
        checkMove(key, next);
        if (start.equals(key)) {
            throw new IllegalStateException("illegal transition of " + start + ": " + state(start) + " -> RUNNING");
        }
        checkMove(start, StepState.RUNNING);
        java.time.Instant at = clock.instant();
        List<RunEvent> batch = new java.util.ArrayList<>();
        if (captured != null && !captured.isEmpty()) {
            batch.add(new RunEvent(0, at, EventType.CAPTURED, key.stepId(), key.host(), null, attempt, null, null,
                    captured));
        }
        batch.add(new RunEvent(0, at, EventType.STEP_STATE, key.stepId(), key.host(), next, attempt, null, note,
                data == null ? Map.of() : data));
        batch.add(new RunEvent(0, at, EventType.STEP_STATE, start.stepId(), start.host(), StepState.RUNNING,
                startAttempt, null, null, Map.of()));
        writeAll(batch, output);
        started.put(start, startAttempt);
    }

    /**
     * The attempt that {@link #endAndStart} recorded as started for {@code key} and nobody took up yet (0 when
     * none); taking it forgets it.
     */
    synchronized int takeStarted(StepKey key) {
        Integer a = started.remove(key);
        return a != null && state(key) == StepState.RUNNING && attempt(key) == a ? a : 0;
    }

    /** The captured values with {@code more} added as they would be recorded (secrets masked). */
    synchronized Map<String, String> capturesWith(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(captures);
        if (more != null) {
            all.putAll(maskAll(more));
        }
        return all;
    }

    /** Records captured values, storing the step's last output in the same write. */
    synchronized void captured(StepKey key, int attempt, Map<String, String> values, List<OutputChunk> output)
            throws StoreException {
        write(new RunEvent(0, clock.instant(), EventType.CAPTURED, key.stepId(), key.host(), null, attempt, null, null,
                values), output);
    }

    /** Records how far a running step's long operation got (see {@link EventType#PROGRESS}). */
    synchronized void progress(StepKey key, int attempt, String text, Map<String, String> data)
            throws StoreException {
        write(new RunEvent(0, clock.instant(), EventType.PROGRESS, key.stepId(), key.host(), null, attempt, null, text,
                data));
    }

    /** Records a person's (or the engine's on their behalf) decision about a step; host null = all hosts. */
    public synchronized void decision(String stepId, String host, String actor, Decision decision, String note)
            throws StoreException {
        decision(stepId, host, actor, decision, note, Map.of());
    }

    /** As {@link #decision(String, String, String, Decision, String)} with more facts (channel, evidence seen). */
    public synchronized RunEvent decision(String stepId, String host, String actor, Decision decision, String note,
                                          Map<String, String> more) throws StoreException {
        return event(write(decisionEvent(stepId, host, actor, decision, note, more), List.of()));
    }

    private RunEvent decisionEvent(String stepId, String host, String actor, Decision decision, String note,
                                   Map<String, String> more) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(Decision.KEY, decision.wire());
        data.putAll(more);
        return new RunEvent(0, clock.instant(), EventType.DECISION, stepId, host, null, 0, actor, note, data);
    }

    /** The event this ledger holds with sequence number {@code seq}, its own just written. */
    private RunEvent event(long seq) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).seq() == seq) {
                return events.get(i);
            }
        }
        throw new IllegalStateException("event " + seq + " of run " + runId + " was written but is not read back");
    }

    /**
     * As {@link #decision(String, String, String, Decision, String, Map)}, but recorded only when nothing about the
     * step was recorded since this ledger last read the run ({@link RunStore#appendIfStepUnchanged}): a decision is
     * checked against the history it was checked on. Empty when something was; the ledger has then read it, so the
     * caller checks the decision again.
     */
    synchronized Optional<RunEvent> decisionIfUnchanged(String stepId, String host, String actor, Decision decision,
                                                        String note, Map<String, String> more) throws StoreException {
        writable();
        RunEvent masked = masked(decisionEvent(stepId, host, actor, decision, note, more));
        long last = lastSeq();
        long seq = store.appendIfStepUnchanged(runId, masked, last);
        if (seq < 0) {
            refresh();
            return Optional.empty();
        }
        startRecorded = false;
        written(masked, last, seq);
        return Optional.of(event(seq));
    }

    /** Records the values of a manual step's evidence on a host: what people are shown from now on. */
    synchronized void evidence(StepKey key, List<EvidenceValue> values) throws StoreException {
        write(new RunEvent(0, clock.instant(), EventType.EVIDENCE, key.stepId(), key.host(), null, attempt(key), null,
                null, EvidenceValue.toData(values)));
    }

    /** Records that {@code decision} does not count, and why (both values of what changed). */
    synchronized void refuse(RunEvent decision, StepKey key, String why) throws StoreException {
        write(new RunEvent(0, clock.instant(), EventType.DECISION_REFUSED, key.stepId(), key.host(), null,
                attempt(key), decision.actor(), why, Map.of("decision_seq", String.valueOf(decision.seq()),
                Decision.KEY, String.valueOf(decision.data().get(Decision.KEY)))));
    }

    /** The step's latest WAITING_FOR_PERSON event on the host (its data carries the gate's rules), if any. */
    synchronized Optional<RunEvent> waitingEvent(StepKey key) {
        RunEvent found = null;
        for (RunEvent e : events) {
            if (e.type() == EventType.STEP_STATE && e.state() == StepState.WAITING_FOR_PERSON
                    && key.stepId().equals(e.stepId()) && key.host().equals(e.host())) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The evidence shown now for the step on the host: its latest EVIDENCE event since it began waiting. */
    synchronized List<EvidenceValue> shownEvidence(StepKey key) {
        long since = waitingSince.getOrDefault(key, Long.MAX_VALUE);
        List<EvidenceValue> found = List.of();
        for (RunEvent e : events) {
            if (e.type() == EventType.EVIDENCE && e.seq() > since && key.stepId().equals(e.stepId())
                    && key.host().equals(e.host())) {
                found = EvidenceValue.fromData(e.data());
            }
        }
        return found;
    }

    /** Reads events other processes appended since this ledger last looked (a decision from the web or CLI). */
    synchronized void refresh() throws StoreException {
        long last = lastSeq();
        for (RunEvent e : store.eventsAfter(runId, last)) {
            if (e.seq() > last) {
                apply(e);
                last = e.seq();
            }
        }
    }

    /** Appends any other run-level event. */
    public synchronized void event(EventType type, String actor, String note, Map<String, String> data)
            throws StoreException {
        event(type, actor, note, data, List.of());
    }

    /** Appends a run-level event, storing output (e.g. a role check's) in the same write. */
    public synchronized void event(EventType type, String actor, String note, Map<String, String> data,
                                   List<OutputChunk> output) throws StoreException {
        write(new RunEvent(0, clock.instant(), type, null, null, null, 0, actor, note, data), output);
    }

    /** Appends run-level events (e.g. the role checks) and their output in one write. */
    public synchronized void events(List<RunEvent> batch, List<OutputChunk> output) throws StoreException {
        writeAll(batch.stream().map(this::timed).toList(), output);
    }

    /** The event, with the clock's time when it has none. */
    private RunEvent timed(RunEvent e) {
        return e.at() != null ? e : new RunEvent(0, clock.instant(), e.type(), e.stepId(), e.host(), e.state(),
                e.attempt(), e.actor(), e.note(), e.data());
    }

    /** The latest decision for the step on the host made after it started waiting, if any. */
    synchronized Optional<RunEvent> decisionSinceWaiting(StepKey key) {
        long since = waitingSince.getOrDefault(key, -1L);
        // the choice to run an optional step is not the step's own confirm: only decisions after it count
        for (RunEvent e : events) {
            if (e.type() == EventType.DECISION && key.stepId().equals(e.stepId()) && e.data() != null
                    && Decision.of(e) == Decision.RUN_OPTIONAL) {
                since = Math.max(since, e.seq());
            }
        }
        Set<String> refused = new java.util.HashSet<>();
        for (RunEvent e : events) {
            if (e.type() == EventType.DECISION_REFUSED && e.data() != null) {
                refused.add(e.data().get("decision_seq"));
            }
        }
        RunEvent found = null;
        for (RunEvent e : events) {
            if (e.type() == EventType.DECISION && e.seq() > since && key.stepId().equals(e.stepId())
                    && (e.host() == null || e.host().equals(key.host())) && e.data() != null
                    && Set.of(Decision.CONFIRM, Decision.REJECT).contains(Decision.of(e))
                    && !refused.contains(String.valueOf(e.seq()))) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * When the step on the host began its current wait for a person: its latest WAITING_FOR_PERSON event,
     * or the later choice to run it when optional; null when it never waited.
     */
    synchronized java.time.Instant waitingStartedAt(StepKey key) {
        java.time.Instant at = null;
        for (RunEvent e : events) {
            boolean waits = e.type() == EventType.STEP_STATE && e.state() == StepState.WAITING_FOR_PERSON
                    && key.stepId().equals(e.stepId()) && key.host().equals(e.host());
            boolean chosen = at != null && e.type() == EventType.DECISION && key.stepId().equals(e.stepId())
                    && e.data() != null && Decision.of(e) == Decision.RUN_OPTIONAL;
            if (waits || chosen) {
                at = e.at();
            }
        }
        return at;
    }

    /** The latest decision about a step, any host, with one of {@code kinds}. */
    synchronized Optional<RunEvent> lastDecision(String stepId, Set<Decision> kinds) {
        RunEvent found = null;
        for (RunEvent e : events) {
            if (e.type() == EventType.DECISION && stepId.equals(e.stepId()) && e.data() != null
                    && kinds.contains(Decision.of(e))) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** How a running step is recorded at Ctrl-C: its new state, the note and the data. */
    record Closing(StepState state, String note, Map<String, String> data) {
    }

    /**
     * Ctrl-C, first half: closes the ledger against every other writer (the runner's threads) and returns the
     * steps recorded as running, which {@link #interrupted} then records as the stop turned out. It never waits,
     * not even for a write under way (a store whose write lock another process holds).
     */
    public Set<StepKey> close() {
        closed = true;
        return new java.util.LinkedHashSet<>(running);
    }

    /**
     * Ctrl-C, second half (after {@link #close}): each running step moves to its state ({@code INTERRUPTED} when
     * its command was stopped, {@code IN_DOUBT} when the stop was not confirmed) with its note and data, then the
     * run to INTERRUPTED. Best effort: a step left RUNNING is in doubt on resume too.
     */
    synchronized void interrupted(Map<StepKey, Closing> outcomes, String stepId) {
        bypass = true;
        try {
            Map<StepKey, Closing> all = new LinkedHashMap<>(outcomes);
            // a write under way at close() may have started a step since: it never ran its command
            for (StepKey key : running) {
                all.putIfAbsent(key, new Closing(StepState.INTERRUPTED, "stopped by Ctrl-C", Map.of()));
            }
            all.forEach((key, e) -> {
                try {
                    if (state(key) == StepState.RUNNING) {
                        move(key, e.state(), attempt(key), e.note(), e.data());
                    }
                } catch (StoreException | RuntimeException ex) {
                    // the step stays RUNNING, which resume also treats as in doubt
                }
            });
            if (runState.canMoveTo(RunState.INTERRUPTED)) {
                try {
                    runState(RunState.INTERRUPTED, stepId, null, "stopped by Ctrl-C", null);
                } catch (StoreException | RuntimeException e) {
                    // the run stays RUNNING in the store; resume treats it the same way
                }
            }
        } finally {
            bypass = false;
        }
    }

    /** The last state event of a step on a host, or null when it has none. */
    synchronized RunEvent lastState(StepKey key) {
        for (int i = events.size() - 1; i >= 0; i--) {
            RunEvent e = events.get(i);
            if (e.type() == EventType.STEP_STATE && key.stepId().equals(e.stepId()) && key.host().equals(e.host())) {
                return e;
            }
        }
        return null;
    }

    public boolean closed() {
        return closed;
    }

    private void write(RunEvent event) throws StoreException {
        write(event, List.of());
    }

    /** Appends the event (masked) and returns its sequence number. */
    private long write(RunEvent event, List<OutputChunk> output) throws StoreException {
        writable();
        startRecorded = false;
        RunEvent masked = masked(event);
        long last = lastSeq();
        long seq = output.isEmpty() ? store.append(runId, masked) : store.append(runId, masked, output);
        written(masked, last, seq);
        return seq;
    }

    /**
     * Takes in an event just appended as {@code seq} when the ledger had read up to {@code last}: when another process
     * appended in between, the events from {@code last} on are read, ours among them, so that none is skipped.
     */
    private void written(RunEvent masked, long last, long seq) throws StoreException {
        if (seq == last + 1) {
            apply(stored(masked, seq));
        } else {
            refresh();
        }
    }

    private void writeAll(List<RunEvent> batch, List<OutputChunk> output) throws StoreException {
        writable();
        startRecorded = false;
        List<RunEvent> masked = batch.stream().map(this::masked).toList();
        long last = lastSeq();
        List<Long> seqs = store.appendAll(runId, masked, output);
        if (!seqs.isEmpty() && seqs.get(0) != last + 1) {
            refresh();
            return;
        }
        for (int i = 0; i < masked.size(); i++) {
            apply(stored(masked.get(i), seqs.get(i)));
        }
    }

    /** The sequence number of the last event this ledger has read or written (0: none). */
    private long lastSeq() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
    }

    private void writable() throws StoreException {
        if (closed && !bypass) {
            throw new StoreException("the run was interrupted; nothing more is recorded");
        }
    }

    /** The event as it is stored: secrets masked in its note and data. */
    private RunEvent masked(RunEvent e) {
        return new RunEvent(0, e.at(), e.type(), e.stepId(), e.host(), e.state(), e.attempt(), e.actor(),
                mask.apply(e.note()), maskAll(e.data()));
    }

    private static RunEvent stored(RunEvent m, long seq) {
        return new RunEvent(seq, m.at(), m.type(), m.stepId(), m.host(), m.state(), m.attempt(), m.actor(), m.note(),
                m.data());
    }

    private Map<String, String> maskAll(Map<String, String> data) {
        if (data == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(k, mask.apply(v)));
        return out;
    }
}
