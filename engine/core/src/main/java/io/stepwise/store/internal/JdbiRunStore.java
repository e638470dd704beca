package io.stepwise.store.internal;

import io.stepwise.model.StepState;
import io.stepwise.store.Holder;
import io.stepwise.store.Lease;
import io.stepwise.store.LeaseLostException;
import io.stepwise.store.LeaseRecord;
import io.stepwise.store.LockedException;
import io.stepwise.store.OutputChunk;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunSummary;
import io.stepwise.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The run store on a JDBC database through jdbi. Each write is one committed transaction (SQLite with
 * {@code synchronous=FULL}; InnoDB commits are flushed), so it is durable when the method returns.
 * Values are never logged: a failure names the operation and the database error only.
 */
final class JdbiRunStore implements RunStore {
    private final Jdbi jdbi;
    private final StoreDialect dialect;
    private final Clock clock;
    private final String where;
    private final OutputLog outputs;
    private final LeaseKeeper leases;
    private final Runnable closer;
    /** One operation at a time: on SQLite they all share one connection. */
    private final Object lock = new Object();
    /** The lease token of each run this store's engine took: its appends are refused once another holds the run. */
    private final Map<String, String> held = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param jdbi   set here to read the store's SQL with {@link StoreSql}
     * @param closer releases what the store holds (the SQLite connection)
     */
    JdbiRunStore(Jdbi jdbi, StoreDialect dialect, Clock clock, String where, long outputCap, Runnable closer) {
        this.jdbi = StoreSql.configure(jdbi);
        this.dialect = dialect;
        this.clock = clock;
        this.where = where;
        this.outputs = new OutputLog(outputCap);
        this.leases = new LeaseKeeper();
        this.closer = closer;
    }

    /** Work on one handle that may throw a store error. */
    @FunctionalInterface
    interface Work<T> {
        T run(Handle h) throws StoreException;
    }

    <T> T inTransaction(String what, Work<T> work) throws StoreException {
        try {
            synchronized (lock) {
                return jdbi.inTransaction(work::run);
            }
        } catch (JdbiException | IllegalStateException e) { // IllegalStateException: Jdbi's one() found no row
            throw failure(what, e);
        } catch (CorruptStoreException e) {
            throw new StoreException("run store " + where + ": cannot " + what + ": " + e.getMessage() + "; it was"
                    + " changed outside Stepwise: restore the store from a backup (the other runs in it still read)", e);
        }
    }

    <T> T read(String what, Work<T> work) throws StoreException {
        try {
            synchronized (lock) {
                return jdbi.withHandle(work::run);
            }
        } catch (JdbiException | IllegalStateException e) { // IllegalStateException: Jdbi's one() found no row
            throw failure(what, e);
        } catch (CorruptStoreException e) {
            throw new StoreException("run store " + where + ": cannot " + what + ": " + e.getMessage() + "; it was"
                    + " changed outside Stepwise: restore the store from a backup (the other runs in it still read)", e);
        }
    }

    private StoreException failure(String what, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StoreException("run store " + where + ": cannot " + what + ": " + root.getMessage(), e);
    }

    @Override
    public io.stepwise.store.AccessStore access() {
        return new JdbiAccess(this);
    }

    /** Applies pending migrations; called once by the factory. */
    void migrate() throws StoreException {
        Migrator migrator = new Migrator(dialect, clock, where);
        if (dialect == StoreDialect.MYSQL) {
            read("open it (check that the server runs, the database exists and the user may create tables)", h -> {
                h.createQuery("SELECT GET_LOCK('stepwise_store_migration', 120)").mapTo(Integer.class).one();
                try {
                    migrator.migrate(h);
                } finally {
                    h.createQuery("SELECT RELEASE_LOCK('stepwise_store_migration')").mapTo(Integer.class).one();
                }
                return null;
            });
        } else {
            inTransaction("open it and migrate its schema", h -> {
                migrator.migrate(h);
                return null;
            });
        }
    }

    @Override
    public void createRun(RunInfo run) throws StoreException {
        inTransaction("record run " + run.id(), h -> {
            insertRun(h, run);
            return null;
        });
    }

    @Override
    public List<Long> createRun(RunInfo run, List<RunEvent> first) throws StoreException {
        return inTransaction("record run " + run.id(), h -> {
            insertRun(h, run);
            return insert(h, run.id(), first);
        });
    }

    private void insertRun(Handle h, RunInfo run) throws StoreException {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM runs WHERE id = :id").bind("id", run.id())
                .mapTo(Integer.class).one() > 0;
        if (exists) {
            throw new StoreException("run " + run.id() + " already exists in run store " + where
                    + ": choose another run id, or resume that run");
        }
        String started = Times.format(run.startedAt() == null ? clock.instant() : run.startedAt());
        h.createUpdate("INSERT INTO runs (id, procedure_name, cluster, procedure_file, inventory_file, operator,"
                        + " started_at, params_json, procedure_fp, inventory_fp, step_fps_json, state, current_step,"
                        + " updated_at) VALUES (:id, :procedure, :cluster, :pfile, :ifile, :operator, :started,"
                        + " :params, :pfp, :ifp, :sfps, :state, NULL, :started)")
                .bind("id", run.id()).bind("procedure", run.procedure()).bind("cluster", run.cluster())
                .bind("pfile", run.procedureFile()).bind("ifile", run.inventoryFile())
                .bind("operator", run.operator()).bind("started", started)
                .bind("params", Json.write(run.params())).bind("pfp", run.procedureFingerprint())
                .bind("ifp", run.inventoryFingerprint()).bind("sfps", Json.write(run.stepFingerprints()))
                .bind("state", RunState.RUNNING.name()).execute();
    }

    @Override
    public Optional<RunInfo> run(String runId) throws StoreException {
        return read("read run " + runId, h -> h.createQuery("SELECT * FROM runs WHERE id = :id").bind("id", runId)
                .map((rs, ctx) -> new RunInfo(rs.getString("id"), rs.getString("procedure_name"),
                        rs.getString("cluster"), rs.getString("procedure_file"), rs.getString("inventory_file"),
                        rs.getString("operator"), Times.parse(rs.getString("started_at")),
                        Json.read(rs.getString("params_json")), rs.getString("procedure_fp"),
                        rs.getString("inventory_fp"), Json.read(rs.getString("step_fps_json"))))
                .findOne());
    }

    @Override
    public List<RunSummary> runs() throws StoreException {
        return read("list runs", h -> h.createQuery("SELECT id, procedure_name, cluster, state, current_step,"
                        + " operator, started_at, updated_at FROM runs ORDER BY started_at DESC, id DESC")
                .map((rs, ctx) -> summary(rs)).list());
    }

    @Override
    public Optional<RunSummary> summary(String runId) throws StoreException {
        return read("read run " + runId, h -> h.createQuery("SELECT id, procedure_name, cluster, state, current_step,"
                        + " operator, started_at, updated_at FROM runs WHERE id = :id").bind("id", runId)
                .map((rs, ctx) -> summary(rs)).findOne());
    }

    private static RunSummary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new RunSummary(rs.getString("id"), rs.getString("procedure_name"), rs.getString("cluster"),
                RunState.valueOf(rs.getString("state")), rs.getString("current_step"), rs.getString("operator"),
                Times.parse(rs.getString("started_at")), Times.parse(rs.getString("updated_at")));
    }

    @Override
    public void releaseCluster(String runId) throws StoreException {
        inTransaction("free the cluster lock of run " + runId, h -> {
            LeaseKeeper.releaseCluster(h, runId);
            return null;
        });
    }

    @Override
    public long append(String runId, RunEvent e) throws StoreException {
        return append(runId, e, List.of());
    }

    @Override
    public long append(String runId, RunEvent e, List<OutputChunk> output) throws StoreException {
        return inTransaction("append an event to run " + runId, h -> {
            lockRun(h, runId);
            fence(h, runId);
            for (OutputChunk c : output) {
                outputs.append(h, runId, c.stepId(), c.host(), c.attempt(), c.stream(), c.text());
            }
            return insert(h, runId, List.of(e)).get(0);
        });
    }

    @Override
    public long appendIfStepUnchanged(String runId, RunEvent e, long seen) throws StoreException {
        return inTransaction("append an event to run " + runId, h -> {
            lockRun(h, runId);
            fence(h, runId);
            boolean changed = h.createQuery("SELECT COUNT(*) FROM events WHERE run_id = :id AND seq > :seen"
                            + " AND step_id = :step")
                    .bind("id", runId).bind("seen", seen).bind("step", e.stepId())
                    .map((rs, ctx) -> rs.getLong(1)).one() > 0;
            return changed ? -1L : insert(h, runId, List.of(e)).get(0);
        });
    }

    @Override
    public List<Long> appendAll(String runId, List<RunEvent> events, List<OutputChunk> output) throws StoreException {
        return inTransaction("append " + events.size() + " events to run " + runId, h -> {
            lockRun(h, runId);
            fence(h, runId);
            for (OutputChunk c : output) {
                outputs.append(h, runId, c.stepId(), c.host(), c.attempt(), c.stream(), c.text());
            }
            return insert(h, runId, events);
        });
    }

    /**
     * Inserts the events in order and updates the run's row as {@link #append} says for each, inside the caller's
     * transaction (the run's row locked). A batch asks for the next sequence number once and updates the run's row
     * once, to what the events' updates one after the other leave: the last event's time, the step of the last one
     * that names the current step, the state of the last run-state event (its cluster freed if one ended the run).
     */
    private List<Long> insert(Handle h, String runId, List<RunEvent> events) throws StoreException {
        if (events.isEmpty()) {
            return List.of();
        }
        long seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE run_id = :id")
                .bind("id", runId).map((rs, ctx) -> rs.getLong(1)).one();
        List<Long> seqs = new java.util.ArrayList<>(events.size());
        String at = null;
        RunState state = null;
        boolean stepSet = false;
        String step = null;
        boolean ended = false;
        for (RunEvent e : events) {
            at = Times.format(e.at() == null ? clock.instant() : e.at());
            h.createUpdate("INSERT INTO events (run_id, seq, at_time, type, step_id, host, state, attempt, actor,"
                            + " note, data_json) VALUES (:run, :seq, :at, :type, :step, :host, :state, :attempt,"
                            + " :actor, :note, :data)")
                    .bind("run", runId).bind("seq", seq).bind("at", at).bind("type", e.type().name())
                    .bind("step", e.stepId()).bind("host", e.host())
                    .bind("state", e.state() == null ? null : e.state().name()).bind("attempt", e.attempt())
                    .bind("actor", e.actor()).bind("note", e.note())
                    .bind("data", e.data() == null ? null : Json.write(e.data())).execute();
            seqs.add(seq++);
            if (e.runState() != null) {
                state = e.runState();
                ended |= !state.active();
                stepSet = true;
                step = e.stepId();
            } else if (e.type() == RunEvent.EventType.STEP_STATE && e.stepId() != null) {
                stepSet = true;
                step = e.stepId();
            }
        }
        if (state != null) {
            h.createUpdate("UPDATE runs SET state = :state, current_step = :step, updated_at = :at WHERE id = :id")
                    .bind("state", state.name()).bind("step", step).bind("at", at).bind("id", runId)
                    .execute();
        } else if (stepSet) {
            h.createUpdate("UPDATE runs SET updated_at = :at, current_step = :step WHERE id = :id").bind("at", at)
                    .bind("step", step).bind("id", runId).execute();
        } else {
            h.createUpdate("UPDATE runs SET updated_at = :at WHERE id = :id").bind("at", at).bind("id", runId)
                    .execute();
        }
        if (ended) {
            LeaseKeeper.releaseCluster(h, runId);
        }
        return seqs;
    }

    @Override
    public List<RunEvent> events(String runId) throws StoreException {
        return eventsAfter(runId, Long.MIN_VALUE);
    }

    @Override
    public List<RunEvent> eventsAfter(String runId, long after) throws StoreException {
        return read("read the events of run " + runId, h -> h.createQuery(
                        "SELECT * FROM events WHERE run_id = :id AND seq > :after ORDER BY seq").bind("id", runId)
                .bind("after", after)
                .map((rs, ctx) -> {
                    String state = rs.getString("state");
                    return new RunEvent(rs.getLong("seq"), Times.parse(rs.getString("at_time")),
                            RunEvent.EventType.valueOf(rs.getString("type")), rs.getString("step_id"),
                            rs.getString("host"), state == null ? null : StepState.valueOf(state),
                            rs.getInt("attempt"), rs.getString("actor"), rs.getString("note"),
                            Json.read(rs.getString("data_json")));
                })
                .list());
    }

    @Override
    public void appendOutput(String runId, String stepId, String host, int attempt, String stream, String text)
            throws StoreException {
        if (text == null || text.isEmpty()) {
            return;
        }
        inTransaction("store output of step " + stepId + " on " + host, h -> {
            lockRun(h, runId);
            outputs.append(h, runId, stepId, host, attempt, stream, text);
            return null;
        });
    }

    @Override
    public void appendOutput(String runId, List<OutputChunk> chunks) throws StoreException {
        if (chunks.isEmpty()) {
            return;
        }
        OutputChunk first = chunks.get(0);
        inTransaction("store output of step " + first.stepId() + " on " + first.host(), h -> {
            lockRun(h, runId);
            for (OutputChunk c : chunks) {
                outputs.append(h, runId, c.stepId(), c.host(), c.attempt(), c.stream(), c.text());
            }
            return null;
        });
    }

    @Override
    public String output(String runId, String stepId, String host) throws StoreException {
        return read("read output of step " + stepId + " on " + host, h -> OutputLog.read(h, runId, stepId, host));
    }

    @Override
    public Map<String, Map<String, String>> outputs(String runId) throws StoreException {
        return read("read the output of run " + runId, h -> OutputLog.readAll(h, runId));
    }

    @Override
    public Lease acquire(String runId, String cluster, Holder holder, Duration ttl)
            throws LockedException, StoreException {
        return held(leases.acquire(this, runId, cluster, holder, ttl, true));
    }

    private Lease held(Lease lease) {
        held.put(lease.runId(), lease.token());
        return lease;
    }

    @Override
    public Lease acquireShared(String runId, String cluster, Holder holder, Duration ttl)
            throws LockedException, StoreException {
        return held(leases.acquire(this, runId, cluster, holder, ttl, false));
    }

    @Override
    public void heartbeat(Lease lease) throws LockedException, StoreException {
        leases.heartbeat(this, lease);
    }

    /**
     * The database's clock minus this engine's, measured once (MySQL; zero on SQLite, a file on this machine). Leases
     * are kept in the database's time, so that two engines whose clocks differ agree when one has expired.
     */
    private volatile Duration skew;

    @Override
    public Instant now() throws StoreException {
        Duration d = skew;
        if (d == null) {
            d = dialect != StoreDialect.MYSQL ? Duration.ZERO : read("read the database's clock", h -> {
                Instant before = clock.instant();
                String db = h.createQuery("SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ')")
                        .mapTo(String.class).one();
                Instant after = clock.instant();
                return Duration.between(before.plus(Duration.between(before, after).dividedBy(2)), Instant.parse(db));
            });
            skew = d;
        }
        return clock.instant().plus(d);
    }

    @Override
    public Optional<LeaseRecord> lease(String runId) throws StoreException {
        return read("read the lease of run " + runId, h -> LeaseRow.find(h, LeaseRow.runKey(runId))
                .map(r -> new LeaseRecord(r.holder(), r.heartbeatAt(), r.expiresAt())));
    }

    @Override
    public void release(Lease lease) throws StoreException {
        inTransaction("release the lease of run " + lease.runId(), h -> {
            LeaseKeeper.release(h, lease);
            return null;
        });
        held.remove(lease.runId(), lease.token());
    }

    @Override
    public void close() {
        synchronized (lock) {
            closer.run();
        }
    }

    private void lockRun(Handle h, String runId) throws StoreException {
        // a row mapper of its own: mapTo(String.class) looks the mapper up again for every statement
        if (h.createQuery(dialect.lockRunSql()).bind("id", runId).map((rs, ctx) -> rs.getString(1)).findOne()
                .isEmpty()) {
            throw noSuchRun(runId);
        }
    }

    /**
     * Refuses the write of an engine whose lease on the run another holder has taken (its lease expired, by the
     * other's clock, while it was stalled or its clock was behind): checked in the write's own transaction, so
     * once the run is taken over nothing more of the old engine is recorded.
     */
    private void fence(Handle h, String runId) throws StoreException {
        String token = held.get(runId);
        if (token == null) {
            return;
        }
        Optional<LeaseRow> row = LeaseRow.find(h, LeaseRow.runKey(runId));
        if (row.isEmpty() || !row.get().token().equals(token)) {
            throw new LeaseLostException("run " + runId + " is no longer held by this engine: "
                    + row.map(r -> "it was taken over by " + r.holder()).orElse("its lease was released")
                    + "; nothing more is recorded by this engine");
        }
    }

    private StoreException noSuchRun(String runId) {
        return new StoreException("no run " + runId + " in run store " + where
                + ": see `stepwise status` for the runs it holds");
    }

    @Override
    public String toString() {
        return where;
    }
}
