package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Leases: one engine per run, one active run per cluster, atomic take-over. Subclasses say which database. */
abstract class LeaseContract extends StoreFixture {
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
        java.time.Instant renewed = store.now(); // the store's clock: the engine's on SQLite, the database's on MySQL
        store.heartbeat(theirs);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> store.acquire("r1", "east", holder("h1", ME), TTL))
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("alice@far-away (pid 4242")
                .hasMessageContaining("expires at " + renewed.plusSeconds(30));
        clock.advance(Duration.ofSeconds(1));
        Lease mine = store.acquire("r1", "east", holder("h1", ME), TTL);
        assertThatThrownBy(() -> store.heartbeat(theirs)).isInstanceOf(LockedException.class);
        store.heartbeat(mine);
        store.release(theirs);
        assertThatThrownBy(() -> store.acquire("r1", "east", holder("h2", ME), TTL))
                .as("a stale release does not free the new holder's lease").isInstanceOf(LockedException.class);
    }

    @Test
    void anEngineWhoseRunWasTakenOverRecordsNothingMore() throws Exception {
        store.createRun(info("r1", "east", T0));
        // engine A (another machine, its clock behind, or stalled) and engine B on the same store
        RunStore a = open(RunStores.DEFAULT_OUTPUT_CAP);
        try {
            Lease theirs = a.acquire("r1", "east", holder("far-away", 4242), TTL);
            a.append("r1", event(RunEvent.EventType.STEP_STATE, "x", io.stepwise.model.StepState.RUNNING));
            clock.advance(TTL.plusSeconds(1));
            Lease mine = store.acquire("r1", "east", holder("h1", ME), TTL);
            RunEvent done = event(RunEvent.EventType.STEP_STATE, "x", io.stepwise.model.StepState.SUCCEEDED);
            assertThatThrownBy(() -> a.append("r1", done)).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("run r1 is no longer held by this engine: it was taken over by alice@h1");
            assertThatThrownBy(() -> a.appendAll("r1", List.of(done), List.of())).isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> a.appendIfStepUnchanged("r1", done, 0)).isInstanceOf(LeaseLostException.class);
            assertThat(store.events("r1")).hasSize(1);
            assertThat(store.append("r1", done)).as("the new holder records").isEqualTo(2);
            store.release(mine);
            assertThatThrownBy(() -> a.append("r1", done)).as("released, not taken back: still not A's")
                    .isInstanceOf(LeaseLostException.class).hasMessageContaining("its lease was released");
            // a store that holds no lease (stepwise confirm, the console) records as before
            assertThat(store.append("r1", done)).isEqualTo(3);
            assertThat(theirs.runId()).isEqualTo("r1");
        } finally {
            a.close();
        }
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
        store.append("r1", RunEvent.runState(T0, RunState.PAUSED, "verify-ha", null, null, Map.of()));
        store.release(l1);
        assertThatThrownBy(() -> store.acquire("r2", "east", holder("h2", 7), TTL))
                .as("a paused run still holds its cluster")
                .isInstanceOf(LockedException.class)
                .hasMessageContaining("state PAUSED, no engine drives it now")
                .hasMessageContaining("stepwise resume r1");
        Lease again = store.acquire("r1", "east", holder("h1", ME), TTL);
        store.append("r1", RunEvent.runState(T0, RunState.FINISHED, null, null, null, Map.of()));
        store.release(again);
        store.acquire("r2", "east", holder("h2", 7), TTL);
    }

    @Test
    void abandonedRunReleasesItsCluster() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.createRun(info("r2", "east", T0));
        store.acquire("r1", "east", holder("h1", deadPid()), TTL);
        assertThatThrownBy(() -> store.acquire("r2", "east", holder("h1", ME), TTL))
                .as("r1 is unfinished, so it holds the cluster").isInstanceOf(LockedException.class);
        store.append("r1", RunEvent.runState(T0, RunState.ABANDONED, null, null, null, Map.of()));
        assertThat(store.acquire("r2", "east", holder("h1", ME), TTL).runId()).isEqualTo("r2");
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
}
