package io.stepwise.run;

import io.stepwise.store.Holder;
import io.stepwise.store.Lease;
import io.stepwise.store.LockedException;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A RunStore in memory, for runner unit tests only (the real stores are tested on SQLite and MariaDB). */
final class MemoryRunStore implements RunStore {
    final Map<String, RunInfo> runs = new HashMap<>();
    final Map<String, RunState> states = new HashMap<>();
    final List<RunEvent> events = new ArrayList<>();
    final StringBuilder output = new StringBuilder();
    int outputWrites;

    @Override
    public synchronized void createRun(RunInfo run) {
        runs.put(run.id(), run);
        states.put(run.id(), RunState.RUNNING);
    }

    @Override
    public synchronized Optional<RunInfo> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public synchronized List<RunSummary> runs() {
        return runs.values().stream().map(r -> new RunSummary(r.id(), r.procedure(), r.cluster(), states.get(r.id()),
                null, r.operator(), r.startedAt(), r.startedAt())).toList();
    }

    @Override
    public synchronized long append(String runId, RunEvent e) {
        long seq = events.size() + 1;
        if (e.runState() != null) {
            states.put(runId, e.runState());
        }
        events.add(new RunEvent(seq, e.at(), e.type(), e.stepId(), e.host(), e.state(), e.attempt(), e.actor(),
                e.note(), e.data()));
        return seq;
    }

    @Override
    public synchronized List<RunEvent> events(String runId) {
        return List.copyOf(events);
    }

    @Override
    public synchronized void appendOutput(String runId, String stepId, String host, int attempt, String stream,
                                          String text) {
        outputWrites++;
        output.append(stepId).append('@').append(host).append(": ").append(text);
    }

    @Override
    public synchronized String output(String runId, String stepId, String host) {
        return output.toString();
    }

    @Override
    public Lease acquire(String runId, String cluster, Holder holder, Duration ttl) throws LockedException {
        return new Lease(runId, cluster, holder, "t", ttl);
    }

    @Override
    public void heartbeat(Lease lease) {
    }

    @Override
    public void release(Lease lease) {
    }

    @Override
    public void close() {
    }

    static Instant epoch() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }
}
