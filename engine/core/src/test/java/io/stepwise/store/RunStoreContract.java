package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent.EventType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every run store must do, whatever the database. Subclasses say where a fresh store lives. */
abstract class RunStoreContract {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456789Z");
    static final Duration TTL = Duration.ofSeconds(30);

    final TestClock clock = new TestClock(T0);
    final List<RunStore> opened = java.util.Collections.synchronizedList(new ArrayList<>());
    String location;
    RunStore store;

    /** A location (file path or JDBC URL) where no store exists yet. */
    abstract String freshLocation() throws Exception;

    /** A raw JDBC connection to the store at {@code location}. */
    abstract Connection connect(String location) throws SQLException;

    /** A location where a test may create the tables itself through {@link #connect}. */
    abstract String emptyLocation() throws Exception;

    /** The checked-in script that makes a store as schema version 1 left it. */
    abstract String v1Fixture();

    /** Database-level consistency checks after a crash or migration. */
    void assertConsistent() throws Exception {
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

    @Test
    void runRoundTripsAndIsListedNewestFirst() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.createRun(info("r2", "west", T0.plusSeconds(60)));
        assertThat(store.run("r1")).contains(info("r1", "east", T0));
        assertThat(store.run("nope")).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        store.setRunState("r1", RunState.PAUSED, "verify-ha");
        List<RunSummary> runs = store.runs();
        assertThat(runs).extracting(RunSummary::id).containsExactly("r2", "r1");
        RunSummary r1 = runs.get(1);
        assertThat(r1.state()).isEqualTo(RunState.PAUSED);
        assertThat(r1.currentStep()).isEqualTo("verify-ha");
        assertThat(r1.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(runs.get(0).state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void duplicateRunIdAndUnknownRunAreClearErrors() throws Exception {
        store.createRun(info("r1", "east", T0));
        assertThatThrownBy(() -> store.createRun(info("r1", "east", T0)))
                .isInstanceOf(StoreException.class).hasMessageContaining("run r1 already exists");
        assertThatThrownBy(() -> store.setRunState("ghost", RunState.FAILED, null))
                .isInstanceOf(StoreException.class).hasMessageContaining("no run ghost");
        assertThatThrownBy(() -> store.append("ghost", event(EventType.RUN_STARTED, null, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("no run ghost");
    }

    static RunEvent event(EventType type, String step, StepState state) {
        return new RunEvent(0, T0, type, step, step == null ? null : "xop-a", state, 1, null, null, Map.of());
    }

    @Test
    void eventsAreNumberedInOrderAndRoundTrip() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.createRun(info("r2", "east", T0));
        RunEvent captured = new RunEvent(0, T0.plusMillis(5), EventType.CAPTURED, "source-position", "xop-a", null,
                2, "bob", "a note with 'quotes' and ünïcode", Map.of("binlog_file", "bin.000042", "binlog_pos", "154"));
        assertThat(store.append("r1", event(EventType.RUN_STARTED, null, null))).isEqualTo(1);
        assertThat(store.append("r1", event(EventType.STEP_STATE, "dump", StepState.RUNNING))).isEqualTo(2);
        assertThat(store.append("r2", event(EventType.RUN_STARTED, null, null))).isEqualTo(1);
        assertThat(store.append("r1", captured)).isEqualTo(3);
        RunEvent noAt = new RunEvent(0, null, EventType.RUN_STATE, null, null, null, 0, null, null, null);
        clock.advance(Duration.ofSeconds(7));
        assertThat(store.append("r1", noAt)).isEqualTo(4);

        List<RunEvent> events = store.events("r1");
        assertThat(events).extracting(RunEvent::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.get(1).state()).isEqualTo(StepState.RUNNING);
        assertThat(events.get(2)).isEqualTo(new RunEvent(3, captured.at(), captured.type(), captured.stepId(),
                captured.host(), null, 2, "bob", captured.note(), captured.data()));
        assertThat(events.get(3).at()).isEqualTo(T0.plusSeconds(7));
        assertThat(events.get(3).data()).isEmpty();
        assertThat(store.events("r2")).hasSize(1);
        assertThat(store.runs()).filteredOn(r -> r.id().equals("r1")).first()
                .extracting(RunSummary::updatedAt).isEqualTo(T0.plusSeconds(7));
    }

    @Test
    void concurrentWritersToOneRunWaitForEachOtherAndLeaveNoGaps() throws Exception {
        store.createRun(info("r1", "east", T0));
        int writers = 3;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                RunStore s = open(RunStores.DEFAULT_OUTPUT_CAP);
                String actor = "writer-" + w;
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seqs.add(s.append("r1", new RunEvent(0, T0, EventType.DECISION, "verify", "xop-a", null, 1,
                                actor, "n" + i, Map.of())));
                        s.appendOutput("r1", "verify", "xop-a", 1, "stdout", actor + " " + i + "\n");
                    }
                    return seqs;
                }));
            }
            List<Long> returned = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                returned.addAll(f.get(120, TimeUnit.SECONDS));
            }
            List<Long> all = java.util.stream.LongStream.rangeClosed(1, (long) writers * each).boxed().toList();
            assertThat(returned).containsExactlyInAnyOrderElementsOf(all);
            assertThat(store.events("r1")).extracting(RunEvent::seq).containsExactlyElementsOf(all);
            assertThat(store.output("r1", "verify", "xop-a").lines()).hasSize(writers * each);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void outputIsKeptPerStepAndHostInAttemptOrder() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.appendOutput("r1", "dump", "xop-a", 1, "stdout", "first try\n");
        store.appendOutput("r1", "dump", "xop-b", 1, "stdout", "other host\n");
        store.appendOutput("r1", "dump", "xop-a", 2, "stderr", "second try ✓\n");
        store.appendOutput("r1", "dump", "xop-a", 2, "stdout", "");
        assertThat(store.output("r1", "dump", "xop-a")).isEqualTo("first try\nsecond try ✓\n");
        assertThat(store.output("r1", "dump", "xop-b")).isEqualTo("other host\n");
        assertThat(store.output("r1", "none", "xop-a")).isEmpty();
    }

    @Test
    void outputPastTheCapIsDroppedWithOneVisibleMark() throws Exception {
        RunStore small = open(10);
        small.createRun(info("r1", "east", T0));
        small.appendOutput("r1", "dump", "xop-a", 1, "stdout", "12345678");
        small.appendOutput("r1", "dump", "xop-a", 1, "stdout", "aé€zzz");
        small.appendOutput("r1", "dump", "xop-a", 2, "stdout", "more and more");
        String mark = "\n[stepwise: output truncated after 10 bytes]\n";
        // 8 bytes + "a" (1) fits; "é" (2 bytes) would cross 10 and is not split.
        assertThat(small.output("r1", "dump", "xop-a")).isEqualTo("12345678a" + mark);

        RunStore big = store;
        big.createRun(info("r2", "east", T0));
        String chunk = "x".repeat(65535) + "\n";
        for (int i = 0; i < 17; i++) {
            big.appendOutput("r2", "noisy", "xop-a", 1, "stdout", chunk);
        }
        String out = big.output("r2", "noisy", "xop-a");
        assertThat(out).endsWith("\n[stepwise: output truncated after 1048576 bytes]\n");
        assertThat(out.length()).isEqualTo(1048576 + "\n[stepwise: output truncated after 1048576 bytes]\n".length());
    }

    @Test
    void secondEngineIsRefusedWithWhoHoldsTheRun() throws Exception {
        Lease lease = store.acquire("r1", "east", holder("h1", ME), TTL);
        assertThat(lease.token()).isNotBlank();
        assertThatThrownBy(() -> store.acquire("r1", "east", new Holder("bob", "h1", ME, T0), TTL))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("run r1 is driven by alice@h1 (pid " + ME + ", since " + T0 + ")")
                .hasMessageContaining("still alive")
                .satisfies(e -> assertThat(((LockedException) e).holder()).isEqualTo(holder("h1", ME)));
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> store.acquire("r1", "east", holder("h1", ME), TTL))
                .as("same host, live pid: never taken over, even when expired")
                .isInstanceOf(LockedException.class);
        store.release(lease);
        assertThat(store.acquire("r1", "east", holder("h1", ME), TTL).token()).isNotEqualTo(lease.token());
    }

    @Test
    void deadHolderOnThisHostIsTakenOverAtOnce() throws Exception {
        Lease old = store.acquire("r1", "east", holder("h1", deadPid()), TTL);
        Lease mine = store.acquire("r1", "east", holder("h1", ME), TTL);
        assertThat(mine.token()).isNotEqualTo(old.token());
        assertThatThrownBy(() -> store.heartbeat(old)).isInstanceOf(LockedException.class)
                .hasMessageContaining("taken over by alice@h1 (pid " + ME);
        store.heartbeat(mine);
    }

    @Test
    void holderOnAnotherHostIsTakenOverOnlyAfterItsLeaseExpires() throws Exception {
        Lease theirs = store.acquire("r1", "east", holder("far-away", 4242), TTL);
        clock.advance(Duration.ofSeconds(20));
        store.heartbeat(theirs);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> store.acquire("r1", "east", holder("h1", ME), TTL))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("alice@far-away (pid 4242")
                .hasMessageContaining("expires at " + T0.plusSeconds(50));
        clock.advance(Duration.ofSeconds(1));
        Lease mine = store.acquire("r1", "east", holder("h1", ME), TTL);
        assertThatThrownBy(() -> store.heartbeat(theirs)).isInstanceOf(LockedException.class);
        store.heartbeat(mine);
        store.release(theirs);
        assertThatThrownBy(() -> store.acquire("r1", "east", holder("h2", ME), TTL))
                .as("a stale release does not free the new holder's lease").isInstanceOf(LockedException.class);
    }

    @Test
    void oneActiveRunPerClusterUntilItFinishes() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.createRun(info("r2", "east", T0));
        store.createRun(info("r3", "west", T0));
        Lease l1 = store.acquire("r1", "east", holder("h1", ME), TTL);
        store.acquire("r3", "west", holder("h1", ME), TTL);
        assertThatThrownBy(() -> store.acquire("r2", "east", holder("h2", 7), TTL))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("cluster east already has an unfinished run r1 (driven now by alice@h1");
        store.setRunState("r1", RunState.PAUSED, "verify-ha");
        store.release(l1);
        assertThatThrownBy(() -> store.acquire("r2", "east", holder("h2", 7), TTL))
                .as("a paused run still holds its cluster")
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("state PAUSED, no engine drives it now")
                .hasMessageContaining("stepwise resume r1");
        Lease again = store.acquire("r1", "east", holder("h1", ME), TTL);
        store.setRunState("r1", RunState.FINISHED, null);
        store.release(again);
        store.acquire("r2", "east", holder("h2", 7), TTL);
    }

    @Test
    void abandonedRunReleasesItsCluster() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.createRun(info("r2", "east", T0));
        store.acquire("r1", "east", holder("h1", deadPid()), TTL);
        store.setRunState("r1", RunState.ABANDONED, null);
        store.acquire("r2", "east", holder("h1", ME), TTL);
    }

    @Test
    void aClusterLockOfARunThatWasNeverRecordedIsStaleOnceItsEngineIsGone() throws Exception {
        store.createRun(info("r2", "east", T0));
        store.acquire("ghost", "east", holder("h1", ME), TTL);
        assertThatThrownBy(() -> store.acquire("r2", "east", holder("h1", ME), TTL))
                .isInstanceOf(LockedException.class).hasMessageContaining("unfinished run ghost (driven now by");
        store.acquire("ghost2", "west", holder("h1", deadPid()), TTL);
        store.createRun(info("r3", "west", T0));
        store.acquire("r3", "west", holder("h1", ME), TTL);
    }

    @Test
    void heartbeatAfterReleaseIsRefused() throws Exception {
        Lease lease = store.acquire("r1", "east", holder("h1", ME), TTL);
        store.release(lease);
        assertThatThrownBy(() -> store.heartbeat(lease)).isInstanceOf(LockedException.class)
                .hasMessageContaining("no longer held");
    }

    @Test
    void twoThreadsRacingForAFreeRunExactlyOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String run = "race-" + round;
            assertThat(race(() -> RunStores.open(location, clock), run)).as("winners in round " + round).isEqualTo(1);
        }
    }

    @Test
    void twoThreadsTakingOverADeadHolderExactlyOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String run = "takeover-" + round;
            store.acquire(run, "c-" + run, holder("h1", deadPid()), TTL);
            assertThat(race(() -> RunStores.open(location, clock), run)).as("winners in round " + round).isEqualTo(1);
        }
    }

    /** Two engines, each with its own store instance, acquire at once; returns how many won. */
    private int race(Callable<RunStore> opener, String run) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                RunStore s = opener.call();
                opened.add(s);
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        s.acquire(run, "c-" + run, holder("h1", ME), TTL);
                        return true;
                    } catch (LockedException e) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            return won;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReopenedStoreShowsEverythingWritten() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.append("r1", event(EventType.RUN_STARTED, null, null));
        store.appendOutput("r1", "dump", "xop-a", 1, "stdout", "hello\n");
        store.close();
        RunStore again = open(RunStores.DEFAULT_OUTPUT_CAP);
        assertThat(again.run("r1")).isPresent();
        assertThat(again.events("r1")).hasSize(1);
        assertThat(again.output("r1", "dump", "xop-a")).isEqualTo("hello\n");
    }

    @Test
    void aStoreWithANewerSchemaIsRefused() throws Exception {
        try (Connection c = connect(location); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 'x')");
        }
        assertThatThrownBy(() -> open(RunStores.DEFAULT_OUTPUT_CAP)).isInstanceOf(StoreException.class)
                .hasMessageContaining("has schema version 99, but this stepwise knows versions up to 2")
                .hasMessageContaining("newer stepwise");
    }

    @Test
    void enginesOpeningANewStoreAtOnceMigrateItOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            location = freshLocation();
            CyclicBarrier start = new CyclicBarrier(4);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<RunStore>> stores = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    stores.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return open(RunStores.DEFAULT_OUTPUT_CAP);
                    }));
                }
                for (Future<RunStore> f : stores) {
                    assertThat(f.get(60, TimeUnit.SECONDS).runs()).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
            schemaVersionsAreRecorded();
        }
    }

    @Test
    void schemaVersionsAreRecorded() throws Exception {
        List<Integer> versions = new ArrayList<>();
        try (Connection c = connect(location); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        assertThat(versions).containsExactly(1, 2);
    }
    @Test
    void aVersion1StoreOpensMigratedWithItsData() throws Exception {
        String old = emptyLocation();
        String script = new String(RunStoreContract.class.getResourceAsStream(v1Fixture()).readAllBytes(),
                StandardCharsets.UTF_8);
        try (Connection c = connect(old); Statement st = c.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";\\s*\n")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                }
            }
        }
        location = old;
        RunStore migrated = open(20);

        RunInfo run = migrated.run("r-old").orElseThrow();
        assertThat(run.operator()).isEqualTo("carol");
        assertThat(run.params()).containsEntry("repl_password", "****");
        assertThat(run.stepFingerprints()).containsEntry("verify-ha", "f2");
        RunSummary summary = migrated.runs().get(0);
        assertThat(summary.state()).isEqualTo(RunState.PAUSED);
        assertThat(summary.updatedAt()).as("backfilled from the last event")
                .isEqualTo(Instant.parse("2026-10-01T09:02:00Z"));
        List<RunEvent> events = migrated.events("r-old");
        assertThat(events).extracting(RunEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(events.get(1).data()).containsEntry("binlog_file", "bin.000042");
        assertThat(migrated.append("r-old", event(EventType.RUN_RESUMED, null, null))).isEqualTo(4);
        // The old output (14 bytes: the check mark is 3) counts towards the cap of 20.
        migrated.appendOutput("r-old", "dump", "xop-a", 2, "stdout", "abcdefghij");
        assertThat(migrated.output("r-old", "dump", "xop-a"))
                .isEqualTo("dumped ✓ ok\nabcdef\n[stepwise: output truncated after 20 bytes]\n");
        // The old run still holds its cluster.
        assertThat(catchThrowable(
                () -> migrated.acquire("r-new", "east", holder("h1", ME), TTL)))
                .isInstanceOf(LockedException.class).hasMessageContaining("unfinished run r-old");
        try (Connection c = connect(old); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
        assertConsistent();
    }
}
