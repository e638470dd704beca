package io.stepwise.store;

import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent.EventType;
import io.stepwise.testing.FakeClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh store per test, a hand-moved clock, and the values tests build runs and holders from. */
abstract class StoreFixture {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");
    static final Duration TTL = Duration.ofSeconds(30);

    final FakeClock clock = new FakeClock(T0);
    final List<RunStore> opened = Collections.synchronizedList(new ArrayList<>());
    String location;
    RunStore store;

    @TempDir
    Path tmp;

    /** The database under test. */
    abstract StoreBackend backend();

    String freshLocation() throws Exception {
        return backend().freshLocation();
    }

    Connection connect(String where) throws SQLException {
        return backend().connect(where);
    }

    void assertConsistent() throws Exception {
        backend().assertConsistent(location);
    }

    @BeforeEach
    void openStore() throws Exception {
        location = freshLocation();
        store = open(RunStores.DEFAULT_OUTPUT_CAP);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(RunStore::close);
    }

    RunStore open(long cap) throws StoreException {
        RunStore s = RunStores.open(location, clock, cap);
        opened.add(s);
        return s;
    }

    static RunInfo info(String id, String cluster, Instant started) {
        return new RunInfo(id, "secondary-resync", cluster, "procedures/resync.yaml", "east.yaml", "alice", started,
                Map.of("database", "xopdb", "repl_password", "****"), "pfp", "ifp",
                Map.of("dump", "f1", "verify-ha", "f2"));
    }

    static Holder holder(String host, long pid) {
        return new Holder("alice", host, pid, T0);
    }

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }

    static final long ME = ProcessHandle.current().pid();

    static RunEvent event(EventType type, String step, StepState state) {
        return new RunEvent(0, T0, type, step, step == null ? null : "xop-a", state, 1, null, null, Map.of());
    }
}
