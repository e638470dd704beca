package io.stepwise.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable history of runs. Every write returns only after it is durable (committed, fsynced), so the
 * engine may move on. Secrets never reach it: callers pass masked values.
 */
public interface RunStore extends AutoCloseable {
    /** Records a new run. */
    void createRun(RunInfo run) throws StoreException;

    /**
     * Records a new run with its first events, as one durable write where the store can: a run is never seen
     * without the event that says how it started, even when the engine is killed in between. Returns the events'
     * sequence numbers. The default writes the run and then the events.
     */
    default List<Long> createRun(RunInfo run, List<RunEvent> first) throws StoreException {
        createRun(run);
        return appendAll(run.id(), first, List.of());
    }

    Optional<RunInfo> run(String runId) throws StoreException;

    /** All runs, newest first, with their state and current step. */
    List<RunSummary> runs() throws StoreException;

    /** One run's line of {@link #runs()}, without reading the others. */
    default Optional<RunSummary> summary(String runId) throws StoreException {
        return runs().stream().filter(r -> r.id().equals(runId)).findFirst();
    }

    /**
     * Appends an event and returns its sequence number, once it is durable. A step's state change also
     * makes its step the run's current step, and a {@link RunEvent.EventType#RUN_STATE} event sets the run's
     * state and current step (freeing its cluster when the run is over), in the same write.
     */
    long append(String runId, RunEvent event) throws StoreException;

    /** The run's events in order. */
    List<RunEvent> events(String runId) throws StoreException;

    /**
     * Appends {@code event} only when nothing about its step was recorded after sequence number {@code seen} (the
     * last event the caller read before it checked the event against the run's history); the check and the append
     * are one transaction. Of two decisions made at the same moment on one manual step (the console and the
     * terminal, two consoles) only the first is recorded: the second finds the first and is checked again. Returns
     * the event's sequence number, or -1 when an event of the step came after {@code seen} (nothing written).
     */
    long appendIfStepUnchanged(String runId, RunEvent event, long seen) throws StoreException;

    /** The run's events after sequence number {@code seq}, in order (what an engine waiting at a gate polls). */
    default List<RunEvent> eventsAfter(String runId, long seq) throws StoreException {
        return events(runId).stream().filter(e -> e.seq() > seq).toList();
    }

    /**
     * Appends output of one attempt of a step on a host. Output past the per-step cap is dropped and a
     * visible truncation mark is stored once.
     */
    void appendOutput(String runId, String stepId, String host, int attempt, String stream, String text)
            throws StoreException;

    /**
     * Appends several chunks of output in one durable write, each as {@link #appendOutput} would (same cap,
     * same mark).
     */
    default void appendOutput(String runId, List<OutputChunk> chunks) throws StoreException {
        for (OutputChunk c : chunks) {
            appendOutput(runId, c.stepId(), c.host(), c.attempt(), c.stream(), c.text());
        }
    }

    /**
     * Stores {@code output} and then appends the event, as one durable write where the store can (the
     * output of a step that ends goes with its end). Returns the event's sequence number.
     */
    default long append(String runId, RunEvent event, List<OutputChunk> output) throws StoreException {
        appendOutput(runId, output);
        return append(runId, event);
    }

    /**
     * Stores {@code output} and appends {@code events} in order, as one durable write where the store can (a step's
     * end and the next step's start: one commit, one fsync); returns their sequence numbers. The default writes
     * them one after the other, each durable before the next, which keeps every promise but the single write.
     */
    default List<Long> appendAll(String runId, List<RunEvent> events, List<OutputChunk> output) throws StoreException {
        List<Long> seqs = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            seqs.add(append(runId, events.get(i), i == 0 ? output : List.of()));
        }
        return seqs;
    }

    /** The stored output of a step on a host, all attempts in order. */
    String output(String runId, String stepId, String host) throws StoreException;

    /** {@link #output} of every step and host of a run, read at once: step → host → output. */
    Map<String, Map<String, String>> outputs(String runId) throws StoreException;

    /**
     * Takes the run's lease for {@code holder}. Refused when another live holder has the run, or when
     * another unfinished run of the same cluster is held. A holder whose pid is gone on this machine is
     * taken over at once; one on another machine after its lease ({@code ttl}) has expired.
     */
    Lease acquire(String runId, String cluster, Holder holder, Duration ttl) throws LockedException, StoreException;

    /**
     * Takes the run's lease without the cluster's lock, for a run whose steps are all read-only (a diagnosis
     * such as ha-status): it runs beside the cluster's active run and never blocks one.
     */
    default Lease acquireShared(String runId, String cluster, Holder holder, Duration ttl)
            throws LockedException, StoreException {
        return acquire(runId, cluster, holder, ttl);
    }

    /**
     * Frees the cluster lock of an unfinished run that started no step with effects (refused before, or only
     * read-only steps ran): the run stays resumable, and another run of the cluster may start.
     */
    default void releaseCluster(String runId) throws StoreException {
    }

    /** Extends the lease; throws {@link LockedException} if it was taken over meanwhile. */
    void heartbeat(Lease lease) throws LockedException, StoreException;

    void release(Lease lease) throws StoreException;

    /**
     * Now, on the clock the store's leases are kept by: a lease written by one machine is judged expired by another,
     * so on a store shared by several machines (MySQL) it is the database's clock, not each engine's own.
     */
    default java.time.Instant now() throws StoreException {
        return java.time.Instant.now();
    }

    /** The run's lease as stored, without taking it (empty when none is held, or the store cannot tell). */
    default Optional<LeaseRecord> lease(String runId) throws StoreException {
        return Optional.empty();
    }

    /** The operators and sessions of the web console kept in this store. */
    default AccessStore access() throws StoreException {
        throw new StoreException("this run store keeps no operators; use a SQLite or MySQL run store");
    }

    @Override
    void close();
}
