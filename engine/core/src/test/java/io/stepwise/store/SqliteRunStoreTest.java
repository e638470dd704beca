package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The store contracts on SQLite files, plus what only a local file has: WAL, other processes, SIGKILL. */
class SqliteRunStoreTest {
    @Nested
    class History extends RunStoreContract {
        @Override
        StoreBackend backend() {
            return new SqliteBackend(tmp);
        }
    }

    @Nested
    class Leases extends LeaseContract {
        @Override
        StoreBackend backend() {
            return new SqliteBackend(tmp);
        }
    }

    @Nested
    class File extends StoreFixture {
        @Override
        SqliteBackend backend() {
            return new SqliteBackend(tmp);
        }

        private String query(String sql) throws SQLException {
            return backend().query(location, sql);
        }

        @Test
        void fileIsCreatedWithParentsInWalModeAndStaysConsistent() throws Exception {
            assertThat(Path.of(location)).exists();
            assertThat(query("PRAGMA journal_mode")).isEqualTo("wal");
            assertConsistent();
        }

        @Test
        void thisProcessIsALiveLocalHolder() throws Exception {
            Holder me = RunStores.thisProcess("alice", clock);
            assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(me.host()).isNotBlank().isEqualTo(RunStores.thisProcess("bob", clock).host());
            assertThat(me.since()).isEqualTo(T0);
            store.acquire("r1", "east", me, TTL);
            assertThat(catchThrowable(() -> store.acquire("r1", "east", RunStores.thisProcess("bob", clock), TTL)))
                    .isInstanceOf(LockedException.class)
                    .hasMessageContaining("its process " + me.pid() + " (")
                    .hasMessageContaining("/bin/java");
        }

        @Test
        void defaultLocationFollowsEnvironment() {
            assertThat(RunStores.defaultLocation(Map.of("STEPWISE_STORE", "jdbc:mysql://db/stepwise",
                    "XDG_STATE_HOME", "/x"))).isEqualTo("jdbc:mysql://db/stepwise");
            assertThat(RunStores.defaultLocation(Map.of("XDG_STATE_HOME", "/var/state", "HOME", "/home/al")))
                    .isEqualTo("/var/state/stepwise/runs.db");
            assertThat(RunStores.defaultLocation(Map.of("XDG_STATE_HOME", "", "HOME", "/home/al")))
                    .isEqualTo("/home/al/.local/state/stepwise/runs.db");
            assertThat(RunStores.defaultLocation(Map.of("XDG_STATE_HOME", "relative", "HOME", "/home/al")))
                    .as("XDG says relative paths are ignored").isEqualTo("/home/al/.local/state/stepwise/runs.db");
        }

        @Test
        void twoProcessesRacingForOneRunExactlyOneWins() throws Exception {
            for (int round = 0; round < 3; round++) {
                String run = "proc-race-" + round;
                if (round == 2) {
                    store.acquire(run, "c-" + run, holder("h1", deadPid()), TTL);
                }
                Path go = tmp.resolve("go-" + round);
                Path done = tmp.resolve("done-" + round);
                List<Process> racers = new ArrayList<>();
                List<BufferedReader> outs = new ArrayList<>();
                try {
                    for (int i = 0; i < 2; i++) {
                        Process p = ChildJvm.start(LeaseRaceMain.class, tmp.resolve("racer-" + round + "-" + i + ".log"),
                                location, run, go.toString(), done.toString());
                        racers.add(p);
                        outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
                    }
                    for (BufferedReader out : outs) {
                        assertThat(out.readLine()).isEqualTo("READY");
                    }
                    Files.createFile(go);
                    List<String> results = new ArrayList<>();
                    for (BufferedReader out : outs) {
                        results.add(out.readLine());
                    }
                    Files.createFile(done);
                    assertThat(results).as("round " + round + ": " + results)
                            .filteredOn("WON"::equals).hasSize(1);
                    assertThat(results).filteredOn(r -> r.startsWith("LOCKED run " + run + " is driven by racer@h1"))
                            .hasSize(1);
                } finally {
                    racers.forEach(Process::destroyForcibly);
                    for (Process p : racers) {
                        p.waitFor(30, TimeUnit.SECONDS);
                    }
                }
            }
        }

        @Test
        void appendsSurviveSigkillAsAGaplessPrefix() throws Exception {
            long seed = System.nanoTime();
            System.out.println("appendsSurviveSigkillAsAGaplessPrefix seed " + seed);
            Random random = new Random(seed);
            store.createRun(info("r1", "east", T0));
            long lastAcknowledged = 0;
            for (int kill = 0; kill < 5; kill++) {
                int wanted = 5 + random.nextInt(40);
                Process child = ChildJvm.start(AppendForeverMain.class, tmp.resolve("append-" + kill + ".log"),
                        location, "r1");
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (int i = 0; i < wanted; i++) {
                        String line = out.readLine();
                        assertThat(line).as("child output; see append-" + kill + ".log").isNotNull();
                        lastAcknowledged = Long.parseLong(line);
                    }
                    child.destroyForcibly();
                    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    child.destroyForcibly();
                }
                RunStore reopened = open(RunStores.DEFAULT_OUTPUT_CAP);
                List<Long> seqs = reopened.events("r1").stream().map(RunEvent::seq).toList();
                assertThat(seqs).as("kill " + kill + ", seed " + seed)
                        .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
                assertThat((long) seqs.size()).as("every acknowledged append is there").isGreaterThanOrEqualTo(
                        lastAcknowledged);
                // the child's i-th append is step-i's output "line SEQ": the last one it acknowledged is there
                assertThat(reopened.output("r1", "step-" + (wanted - 1), "xop-a")).as("kill " + kill + ", seed " + seed)
                        .contains("line " + lastAcknowledged + "\n");
                assertConsistent();
            }
        }
    }
}
