package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent.EventType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every run store must keep: runs, events, output, schema. Subclasses say which database. */
abstract class RunStoreContract extends StoreFixture {
    @Test
    void runRoundTripsAndIsListedNewestFirst() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.createRun(info("r2", "west", T0.plusSeconds(60)));
        assertThat(store.run("r1")).contains(info("r1", "east", T0));
        assertThat(store.run("nope")).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        store.append("r1", RunEvent.runState(clock.instant(), RunState.PAUSED, "verify-ha", null, null, Map.of()));
        assertThat(store.events("r1")).extracting(RunEvent::runState).as("the change is an event")
                .containsExactly(RunState.PAUSED);
        List<RunSummary> runs = store.runs();
        assertThat(runs).extracting(RunSummary::id).containsExactly("r2", "r1");
        RunSummary r1 = runs.get(1);
        assertThat(r1.state()).isEqualTo(RunState.PAUSED);
        assertThat(r1.currentStep()).isEqualTo("verify-ha");
        assertThat(r1.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(runs.get(0).state()).isEqualTo(RunState.RUNNING);
        assertThat(store.summary("r1")).contains(r1);
        assertThat(store.summary("nope")).isEmpty();
    }

    @Test
    void operatorsAndSessionsKeepOnlyHashesAndExpire() throws Exception {
        AccessStore access = store.access();
        access.addOperator(new AccessStore.OperatorRecord("ann", "h-ann", true, T0));
        access.addOperator(new AccessStore.OperatorRecord("bob", "h-bob", false, T0));
        assertThatThrownBy(() -> access.addOperator(new AccessStore.OperatorRecord("ann", "h-x", false, T0)))
                .isInstanceOf(StoreException.class).hasMessageContaining("operator ann exists already");
        assertThat(access.operators()).extracting(AccessStore.OperatorRecord::name).containsExactly("ann", "bob");
        assertThat(access.operatorByTokenHash("h-bob")).map(AccessStore.OperatorRecord::approver).contains(false);
        assertThat(access.operatorByTokenHash("h-none")).isEmpty();
        access.addSession(new AccessStore.SessionRecord("s1", "ann", "c1", "127.0.0.1", T0, T0.plusSeconds(60)));
        access.addSession(new AccessStore.SessionRecord("s2", "bob", "c2", "127.0.0.1", T0, T0.plusSeconds(600)));
        assertThat(access.session("s1")).map(AccessStore.SessionRecord::csrf).contains("c1");
        access.removeExpiredSessions(T0.plusSeconds(61));
        assertThat(access.session("s1")).isEmpty();
        assertThat(access.session("s2")).isPresent();
        assertThat(access.removeOperator("bob")).isTrue();
        assertThat(access.session("s2")).as("removing an operator ends their sessions").isEmpty();
        assertThat(access.removeOperator("bob")).isFalse();
    }

    @Test
    void duplicateRunIdAndUnknownRunAreClearErrors() throws Exception {
        store.createRun(info("r1", "east", T0));
        assertThatThrownBy(() -> store.createRun(info("r1", "east", T0)))
                .isInstanceOf(StoreException.class).hasMessageContaining("run r1 already exists");
        assertThatThrownBy(() -> store.append("ghost", event(EventType.RUN_STARTED, null, null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("no run ghost");
    }

    @Test
    void aRunAndItsFirstEventsAreOneWrite() throws Exception {
        List<RunEvent> first = List.of(event(EventType.RUN_STARTED, null, null), event(EventType.PLANNED, null, null));
        assertThat(store.createRun(info("r1", "east", T0), first)).containsExactly(1L, 2L);
        assertThat(store.events("r1")).extracting(RunEvent::type)
                .containsExactly(EventType.RUN_STARTED, EventType.PLANNED);
        // an event that cannot be written takes the run with it: no run is left without its first events
        RunEvent broken = new RunEvent(0, T0, null, null, null, null, 0, null, null, null);
        assertThatThrownBy(() -> store.createRun(info("r2", "east", T0),
                List.of(event(EventType.RUN_STARTED, null, null), broken))).isInstanceOf(RuntimeException.class);
        assertThat(store.run("r2")).isEmpty();
        assertThat(store.runs()).extracting(RunSummary::id).containsExactly("r1");
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
    void aDecisionIsAppendedOnlyWhenNothingAboutItsStepCameAfterWhatItsCallerRead() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.append("r1", event(EventType.STEP_STATE, "gate", StepState.WAITING_FOR_PERSON));
        RunEvent decision = new RunEvent(0, T0, EventType.DECISION, "gate", "xop-a", null, 0, "ann", "ok",
                Map.of("decision", "confirm"));
        // events of other steps and of the run do not count
        store.append("r1", event(EventType.STEP_STATE, "other", StepState.RUNNING));
        store.append("r1", event(EventType.RUN_STATE, null, null));
        assertThat(store.appendIfStepUnchanged("r1", decision, 1)).isEqualTo(4);
        // another decision checked on the history up to 3 finds the first one: nothing written
        assertThat(store.appendIfStepUnchanged("r1", decision, 3)).isEqualTo(-1);
        assertThat(store.events("r1")).hasSize(4);
        assertThat(store.appendIfStepUnchanged("r1", decision, 4)).isEqualTo(5);
        assertThatThrownBy(() -> store.appendIfStepUnchanged("nope", decision, 0)).isInstanceOf(StoreException.class)
                .hasMessageContaining("no run nope");
    }

    @Test
    void ofDecisionsAppendedAtOnceThroughSeveralStoresOnlyOneIsWritten() throws Exception {
        int writers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                String run = "r" + round;
                store.createRun(info(run, "east" + round, T0));
                long seen = store.append(run, event(EventType.STEP_STATE, "gate", StepState.WAITING_FOR_PERSON));
                CyclicBarrier start = new CyclicBarrier(writers);
                List<Future<Long>> results = new ArrayList<>();
                List<RunStore> opened = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    RunStore s = open(RunStores.DEFAULT_OUTPUT_CAP);
                    opened.add(s);
                    RunEvent d = new RunEvent(0, T0, EventType.DECISION, "gate", "xop-a", null, 0, "writer-" + w, "n",
                            Map.of("decision", "confirm"));
                    results.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return s.appendIfStepUnchanged(run, d, seen);
                    }));
                }
                List<Long> got = new ArrayList<>();
                for (Future<Long> f : results) {
                    got.add(f.get(60, TimeUnit.SECONDS));
                }
                opened.forEach(RunStore::close);
                assertThat(got).as("round %d", round).containsExactlyInAnyOrder(seen + 1, -1L, -1L);
                assertThat(store.events(run)).filteredOn(e -> e.type() == EventType.DECISION).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
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
    void threadsSharingOneStoreTakeTurns() throws Exception {
        // the engine's threads (parallel hosts, heartbeat, output flusher) share one store (one SQLite connection)
        store.createRun(info("r1", "east", T0));
        Lease lease = store.acquire("r1", "east", holder("h1", ME), TTL);
        int threads = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String host = "host-" + t;
                all.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < each; i++) {
                        store.append("r1", new RunEvent(0, T0, EventType.STEP_STATE, "s" + i, host, StepState.RUNNING,
                                1, null, null, Map.of()));
                        store.appendOutput("r1", List.of(new OutputChunk("s" + i, host, 1, "stdout", "a\n")));
                        store.append("r1", new RunEvent(0, T0, EventType.STEP_STATE, "s" + i, host,
                                StepState.SUCCEEDED, 1, null, null, Map.of()),
                                List.of(new OutputChunk("s" + i, host, 1, "stdout", "b\n")));
                    }
                    return null;
                }));
            }
            all.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                for (int i = 0; i < each; i++) {
                    store.heartbeat(lease);
                    store.events("r1");
                }
                return null;
            }));
            for (Future<?> f : all) {
                f.get(120, TimeUnit.SECONDS);
            }
            List<RunEvent> events = store.events("r1");
            assertThat(events).extracting(RunEvent::seq)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 2L * threads * each).boxed()
                            .toList());
            for (int t = 0; t < threads; t++) {
                assertThat(store.output("r1", "s7", "host-" + t)).isEqualTo("a\nb\n");
            }
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
        assertThat(store.output("r1", "dump", "xop-a")).as("each attempt under a heading when there are several")
                .isEqualTo("-- attempt 1 --\nfirst try\n-- attempt 2 --\nsecond try ✓\n");
        assertThat(store.output("r1", "dump", "xop-b")).isEqualTo("other host\n");
        assertThat(store.output("r1", "none", "xop-a")).isEmpty();
    }

    @Test
    void aRunsOutputsReadAtOnceAreEachStepAndHostsOutputAsReadAlone() throws Exception {
        store.createRun(info("r1", "east", T0));
        store.createRun(info("r2", "west", T0));
        store.appendOutput("r1", "dump", "xop-a", 1, "stdout", "first try\n");
        store.appendOutput("r1", "dump", "xop-b", 1, "stdout", "other host\n");
        store.appendOutput("r1", "dump", "xop-a", 2, "stderr", "second try\n");
        store.appendOutput("r1", "load", "xop-a", 1, "stdout", "loaded\n");
        store.appendOutput("r2", "dump", "xop-a", 1, "stdout", "another run\n");
        assertThat(store.outputs("r1")).isEqualTo(java.util.Map.of(
                "dump", java.util.Map.of("xop-a", store.output("r1", "dump", "xop-a"),
                        "xop-b", "other host\n"),
                "load", java.util.Map.of("xop-a", "loaded\n")));
        assertThat(store.outputs("r1").get("dump").get("xop-a")).startsWith("-- attempt 1 --");
        assertThat(store.outputs("ghost")).isEmpty();
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
    void aBatchLeavesWhatItsEventsAppendedOneByOneLeave() throws Exception {
        store.createRun(info("batch", "east", T0));
        store.createRun(info("single", "west", T0));
        store.release(store.acquire("batch", "east", holder("h1", ME), TTL));
        store.release(store.acquire("single", "west", holder("h1", ME), TTL));
        store.append("batch", event(EventType.RUN_STARTED, null, null));
        store.append("single", event(EventType.RUN_STARTED, null, null));
        RunEvent noAt = new RunEvent(0, null, EventType.DECISION, "verify-ha", "xop-a", null, 0, "bob", "go", Map.of());
        List<List<RunEvent>> batches = List.of(
                List.of(at(1, EventType.STEP_STATE, "dump", StepState.SUCCEEDED),
                        new RunEvent(0, T0.plusSeconds(2), EventType.CAPTURED, "dump", "xop-a", null, 1, null, null,
                                Map.of("pos", "154")),
                        at(3, EventType.STEP_STATE, "verify-ha", StepState.RUNNING)),
                List.of(RunEvent.runState(T0.plusSeconds(4), RunState.PAUSED, "verify-ha", null, "wait", Map.of()),
                        at(5, EventType.STEP_STATE, "dump", StepState.RUNNING), noAt),
                List.of(at(6, EventType.STEP_STATE, "dump", StepState.SUCCEEDED),
                        RunEvent.runState(T0.plusSeconds(7), RunState.FINISHED, null, null, null, Map.of()),
                        at(8, EventType.DECISION, "dump", null)));
        long next = 2;
        for (List<RunEvent> batch : batches) {
            clock.advance(Duration.ofSeconds(1));
            List<Long> seqs = store.appendAll("batch", batch, List.of());
            for (RunEvent e : batch) {
                store.append("single", e);
            }
            assertThat(seqs).hasSize(batch.size()).first().isEqualTo(next);
            assertThat(seqs).isSorted().doesNotHaveDuplicates().last().isEqualTo(next + batch.size() - 1);
            next += batch.size();
            assertThat(store.events("batch")).isEqualTo(store.events("single"));
            RunSummary b = store.summary("batch").orElseThrow();
            RunSummary s = store.summary("single").orElseThrow();
            assertThat(List.of(b.state(), String.valueOf(b.currentStep()), b.updatedAt()))
                    .isEqualTo(List.of(s.state(), String.valueOf(s.currentStep()), s.updatedAt()));
        }
        assertThat(store.summary("batch").orElseThrow().state()).isEqualTo(RunState.FINISHED);
        assertThat(store.summary("batch").orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(8));
        store.createRun(info("after", "east", T0));
        assertThat(store.acquire("after", "east", holder("h2", 7), TTL).runId())
                .as("the batch that finished the run freed its cluster").isEqualTo("after");
        assertThat(store.appendAll("batch", List.of(), List.of())).isEmpty();
        assertThatThrownBy(() -> store.appendAll("ghost", List.of(event(EventType.RUN_STARTED, null, null)), List.of()))
                .isInstanceOf(StoreException.class).hasMessageContaining("no run ghost");
    }

    private static RunEvent at(int seconds, EventType type, String step, StepState state) {
        return new RunEvent(0, T0.plusSeconds(seconds), type, step, "xop-a", state, 1, null, null, Map.of());
    }

    @Test
    void anEventCarriesTheOutputBeforeItInOneWriteAndMakesItsStepCurrent() throws Exception {
        RunStore small = open(30);
        small.createRun(info("r1", "east", T0));
        small.append("r1", event(EventType.STEP_STATE, "dump", StepState.RUNNING));
        assertThat(small.runs()).singleElement().extracting(RunSummary::currentStep).isEqualTo("dump");
        small.appendOutput("r1", List.of(new OutputChunk("dump", "xop-a", 1, "stdout", "one\ntwo\n"),
                new OutputChunk("dump", "xop-a", 1, "stderr", "oops\n")));
        long seq = small.append("r1", event(EventType.STEP_STATE, "dump", StepState.SUCCEEDED),
                List.of(new OutputChunk("dump", "xop-a", 1, "stdout", "three\n"),
                        new OutputChunk("dump", "xop-a", 1, "stdout", "and more than the cap allows\n")));
        assertThat(seq).isEqualTo(2);
        assertThat(small.output("r1", "dump", "xop-a"))
                .isEqualTo("one\ntwo\noops\nthree\nand more th\n[stepwise: output truncated after 30 bytes]\n");
        assertThat(small.events("r1")).extracting(RunEvent::state)
                .containsExactly(StepState.RUNNING, StepState.SUCCEEDED);
        small.append("r1", event(EventType.DECISION, "verify-ha", null));
        assertThat(small.runs()).singleElement().extracting(RunSummary::currentStep).as("not a step state")
                .isEqualTo("dump");
        assertThatThrownBy(() -> small.append("ghost", event(EventType.STEP_STATE, "dump", StepState.SUCCEEDED),
                List.of(new OutputChunk("dump", "xop-a", 1, "stdout", "lost\n"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("no run ghost");
        assertThat(small.output("ghost", "dump", "xop-a")).isEmpty();
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
                .hasMessageContaining("has schema version 99, but this stepwise knows versions up to 3")
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
        assertThat(versions).containsExactly(1, 2, 3);
    }
    @Test
    void aVersion1StoreOpensMigratedWithItsData() throws Exception {
        String old = backend().emptyLocation();
        String script = new String(RunStoreContract.class.getResourceAsStream(backend().v1Fixture()).readAllBytes(),
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
                .isEqualTo("-- attempt 1 --\ndumped ✓ ok\n-- attempt 2 --\nabcdef\n[stepwise: output truncated after 20 bytes]\n");
        // The old run still holds its cluster.
        assertThat(catchThrowable(
                () -> migrated.acquire("r-new", "east", holder("h1", ME), TTL)))
                .isInstanceOf(LockedException.class).hasMessageContaining("unfinished run r-old");
        try (Connection c = connect(old); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
        assertConsistent();
    }
}
