package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.Action;
import io.stepwise.model.Gate;
import io.stepwise.model.Plan;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.transport.Connector;
import io.stepwise.transport.local.LocalConnector;
import io.stepwise.view.EvidenceValue;
import io.stepwise.view.Operator;
import io.stepwise.view.Report;
import io.stepwise.view.Screen;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manual step's gate: only its approvers confirm it, four_eyes keeps the run's starter out, a decision is
 * taken under the channel's own login, evidence values changed between what a person saw and the decision
 * refuse it, and an engine waiting at the step is released by a decision recorded by another channel.
 */
class GateTest {
    @TempDir
    Path dir;

    private static Action.Manual manual(Gate gate) {
        return new Action.Manual("check the HA page", null, Action.OnTimeout.PAUSE, gate);
    }

    private static DecisionRequest confirm(String who, String login, List<EvidenceValue> seen) {
        return new DecisionRequest("r1", "ha-page", null, true, who, "looks fine", new Channel(Channel.Kind.CLI,
                "desk-7", login), seen);
    }

    @Test
    void onlyTheApproversConfirmNotTheRunsStarterWithFourEyesAndOnlyUnderTheirOwnLogin() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("ha-page", manual(new Gate(List.of("tester", "bob"), true, List.of())))
                .build());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.PAUSED);
        RunInfo info = f.store.run("r1").orElseThrow();

        assertThatThrownBy(() -> Gates.decide(f.ledger(), info, confirm("carol", "carol", null)))
                .isInstanceOf(RunException.class).hasMessageContaining("only by its approvers (tester, bob), not by carol")
                .satisfies(e -> assertThat(((RunException) e).outcome()).isEqualTo(Outcome.REFUSED));
        assertThatThrownBy(() -> Gates.decide(f.ledger(), info, confirm("bob", "carol", null)))
                .hasMessageContaining("under your own login (carol), not as bob");
        assertThatThrownBy(() -> Gates.decide(f.ledger(), info, confirm("tester", "tester", null)))
                .hasMessageContaining("four_eyes: tester started run r1 and may not confirm it");
        assertThat(f.ledger().decisionSinceWaiting(new StepKey("ha-page", "h1"))).as("nothing recorded").isEmpty();

        RunEvent d = Gates.decide(f.ledger(), info, confirm("bob", "bob", null));
        assertThat(d.data()).containsEntry("channel", "cli").containsEntry("address", "desk-7");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).contains("confirmed by bob (cli desk-7)");
    }

    @Test
    void aRejectIsOpenToAnyoneButNeedsANote() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("ha-page", manual(new Gate(List.of("bob"), true, List.of()))).build());
        f.run(plan);
        RunInfo info = f.store.run("r1").orElseThrow();
        Channel web = Channel.web("10.0.0.7", "carol");
        assertThatThrownBy(() -> Gates.decide(f.ledger(), info,
                new DecisionRequest("r1", "ha-page", null, false, "carol", " ", web, null)))
                .hasMessageContaining("a reject needs a note");
        Gates.decide(f.ledger(), info, new DecisionRequest("r1", "ha-page", null, false, "carol", "page is red", web,
                null));
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("rejected by carol (web 10.0.0.7): page is red");
    }

    /** A fixture whose ha-page shows the replication lag read from {@code lag} ({@code Seconds_Behind_Master=0}). */
    private Fixture lagGate(Path lag) throws Exception {
        Files.writeString(lag, "Seconds_Behind_Master=0\n");
        Fixture f = new Fixture();
        f.params.put("lag_file", lag.toString());
        return f;
    }

    private static Plan lagPlan(Fixture f) {
        Gate gate = new Gate(List.of(), false, List.of(new Gate.Evidence("Replication lag", null,
                new Action.Shell("cat {{lag_file}}", true))));
        return f.plan(StepBuilder.of("ha-page", manual(gate)).build());
    }

    @Test
    void aConfirmIsRefusedWhenTheEvidenceChangedBetweenWhatWasShownAndTheDecision() throws Exception {
        Path lag = dir.resolve("lag");
        Fixture f = lagGate(lag);
        Plan plan = lagPlan(f);
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(f.screenText.toString()).contains("evidence Replication lag (h1): Seconds_Behind_Master=0");
        RunInfo info = f.store.run("r1").orElseThrow();
        List<EvidenceValue> page = f.ledger().shownEvidence(new StepKey("ha-page", "h1"));
        assertThat(page).extracting(EvidenceValue::value).containsExactly("Seconds_Behind_Master=0");

        // the person decides on what was shown; the value changes before the engine acts on the decision
        Gates.decide(f.ledger(), info, confirm("bob", "bob", page));
        Files.writeString(lag, "Seconds_Behind_Master=3600\n");
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("was refused", "you saw \"Seconds_Behind_Master=0\"",
                "it is now \"Seconds_Behind_Master=3600\"");
        assertThat(f.state("ha-page", "h1")).isEqualTo(StepState.WAITING_FOR_PERSON);
        assertThat(f.ledger().events()).anyMatch(e -> e.type() == RunEvent.EventType.DECISION_REFUSED);

        // a page still showing the old value: refused at once, with both values
        assertThatThrownBy(() -> Gates.decide(f.ledger(), info, confirm("bob", "bob", page)))
                .hasMessageContaining("changed since it was shown to you")
                .hasMessageContaining("you saw \"Seconds_Behind_Master=0\", it is now \"Seconds_Behind_Master=3600\"");

        // deciding on the fresh values, unchanged since: it stands
        Gates.decide(f.ledger(), info, confirm("bob", "bob", f.ledger().shownEvidence(new StepKey("ha-page", "h1"))));
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        RunEvent decision = f.ledger().lastDecision("ha-page", java.util.Set.of(io.stepwise.store.Decision.CONFIRM)).orElseThrow();
        assertThat(EvidenceValue.fromData(decision.data())).extracting(EvidenceValue::value)
                .containsExactly("Seconds_Behind_Master=3600");
    }

    @Test
    void aDecisionGivingAValueTwiceUnderOneLabelIsRefusedSoNoForgedValueIsRecordedAsSeen() throws Exception {
        Fixture f = lagGate(dir.resolve("lag"));
        f.run(lagPlan(f));
        RunInfo info = f.store.run("r1").orElseThrow();
        EvidenceValue real = f.ledger().shownEvidence(new StepKey("ha-page", "h1")).get(0);
        EvidenceValue forged = new EvidenceValue(real.title(), real.host(), "Slave_SQL_Running: No (FORGED)");
        assertThatThrownBy(() -> Gates.decide(f.ledger(), info, confirm("bob", "bob", List.of(forged, real))))
                .isInstanceOf(RunException.class)
                .hasMessageContaining("Replication lag (h1): given 2 times", "(FORGED)", "but it is shown once");
        assertThat(f.store.events("r1")).noneMatch(e -> e.type() == RunEvent.EventType.DECISION);
    }

    @Test
    void evidenceFromAnotherRolesHostIsComparedToo() throws Exception {
        Path threads = dir.resolve("threads");
        Files.writeString(threads, "sql_running=Yes");
        Fixture f = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        f.params.put("file", threads.toString());
        Gate gate = new Gate(List.of(), false, List.of(new Gate.Evidence("Threads", "secondary",
                new Action.Shell("cat {{file}}", true))));
        Plan plan = f.plan(StepBuilder.of("ha-page", manual(gate)).on("primary").build());
        f.run(plan);
        assertThat(f.screenText.toString()).contains("evidence Threads (b): sql_running=Yes");
        Gates.decide(f.ledger(), f.store.run("r1").orElseThrow(), confirm("bob", "bob", null));
        assertThat(f.run(plan).outcome()).as("unchanged: the confirm stands").isEqualTo(Outcome.FINISHED);

        Fixture g = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        g.params.put("file", threads.toString());
        Plan again = g.plan(StepBuilder.of("ha-page", manual(gate)).on("primary").build());
        g.run(again);
        Gates.decide(g.ledger(), g.store.run("r1").orElseThrow(), confirm("bob", "bob", null));
        Files.writeString(threads, "sql_running=No");
        Runner.Result r = g.run(again);
        assertThat(r.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("Threads (b): you saw \"sql_running=Yes\", it is now \"sql_running=No\"");
    }

    @Test
    void anEngineWaitingWithoutATerminalIsReleasedByADecisionFromAnotherChannel() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("ha-page", manual(Gate.OPEN)).build());
        f.store.createRun(new RunInfo("r1", "test", "c1", "test.yaml", "inv.yaml", "tester", Clock.systemUTC().instant(),
                java.util.Map.of(), "", "", java.util.Map.of()));
        CountDownLatch waiting = new CountDownLatch(1);
        Notices notices = new Notices() {
            @Override
            public void waiting(StepKey key, String instructions) {
                waiting.countDown();
            }
        };
        Screen screen = new Screen(new PrintWriter(f.screenText, true), f.secrets);
        CompletableFuture<Runner.Result> engine = CompletableFuture.supplyAsync(() -> {
            try (Connector c = new LocalConnector(null, ref -> null)) {
                Ledger ledger = Ledger.load(f.store, "r1", Clock.systemUTC(), f.secrets);
                return new Runner(plan, f.store, ledger, c, Operator.waiting("tester"), screen, Clock.systemUTC(),
                        Ticker.SYSTEM, notices).run(Runner.Options.NONE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(engine).isNotDone();
        Gates.decide(Ledger.load(f.store, "r1", Clock.systemUTC(), java.util.Map.of()), f.store.run("r1").orElseThrow(),
                new DecisionRequest("r1", "ha-page", null, true, "alice", "page green", Channel.web("10.0.0.7",
                        "alice"), null));
        Runner.Result r = engine.get(30, TimeUnit.SECONDS);
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).contains("confirmed by alice (web 10.0.0.7): page green");
    }

    @Test
    void ofTwoDecisionsCheckedOnTheSameHistoryOnlyTheFirstIsRecorded() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("ha-page", manual(Gate.OPEN)).build());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.PAUSED);
        RunInfo info = f.store.run("r1").orElseThrow();
        // the console and the terminal (or two consoles) each read the run while the step waits, then decide
        Ledger console = f.ledger();
        Ledger terminal = f.ledger();
        Gates.decide(terminal, info, new DecisionRequest("r1", "ha-page", null, false, "dan", "page is red",
                Channel.web("10.0.0.8", "dan"), null));
        assertThatThrownBy(() -> Gates.decide(console, info, confirm("ann", "ann", null)))
                .isInstanceOf(RunException.class)
                .hasMessageContaining("was already rejected by dan", "the first decision stands");
        assertThat(f.store.events("r1")).filteredOn(e -> e.type() == RunEvent.EventType.DECISION).hasSize(1);
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("rejected by dan");
    }

    @Test
    void aDecisionForAHostTheStepDoesNotRunOnNamesTheHostsItRunsOn() throws Exception {
        Fixture f = new Fixture();
        f.run(f.plan(StepBuilder.of("ha-page", manual(Gate.OPEN)).build()));
        assertThatThrownBy(() -> Gates.decide(f.ledger(), f.store.run("r1").orElseThrow(), new DecisionRequest("r1",
                "ha-page", "h2", true, "bob", "ok", Channel.web("10.0.0.7", "bob"), null)))
                .isInstanceOf(RunException.class)
                .hasMessageContaining("step ha-page of run r1 has no host h2 (did you mean 'h1'?); it runs on h1");
    }

    @Test
    void aLedgerThatWritesAfterAnotherChannelsDecisionReadsThatDecisionToo() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("ha-page", manual(Gate.OPEN)).build());
        f.run(plan);
        StepKey key = new StepKey("ha-page", "h1");
        Ledger engine = f.ledger();
        Gates.decide(f.ledger(), f.store.run("r1").orElseThrow(), confirm("ann", "ann", null));
        engine.evidence(key, List.of()); // the engine writes before it reads the store again
        engine.refresh();
        assertThat(engine.events()).extracting(RunEvent::seq)
                .containsExactlyElementsOf(f.store.events("r1").stream().map(RunEvent::seq).toList());
        assertThat(engine.decisionSinceWaiting(key)).as("the decision recorded before the engine's own write")
                .hasValueSatisfying(d -> assertThat(d.actor()).isEqualTo("ann"));
    }

    @Test
    void decisionsMadeAtTheSameMomentThroughTwoStoresRecordOneEach() throws Exception {
        for (int round = 0; round < 10; round++) {
            Fixture f = new Fixture();
            Plan plan = f.plan(StepBuilder.of("ha-page", manual(Gate.OPEN)).build());
            f.run(plan);
            RunInfo info = f.store.run("r1").orElseThrow();
            try (io.stepwise.store.RunStore other = io.stepwise.testing.TempStore.open(f.storeFile, f.time)) {
                Ledger a = f.ledger();
                Ledger b = Ledger.load(other, "r1", f.time, java.util.Map.of());
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                CompletableFuture<Object> ann = CompletableFuture.supplyAsync(() -> attempt(start,
                        () -> Gates.decide(a, info, confirm("ann", "ann", null))));
                CompletableFuture<Object> dan = CompletableFuture.supplyAsync(() -> attempt(start,
                        () -> Gates.decide(b, info, new DecisionRequest("r1", "ha-page", null, false, "dan", "no",
                                Channel.web("10.0.0.8", "dan"), null))));
                List<Object> outcomes = List.of(ann.get(30, TimeUnit.SECONDS), dan.get(30, TimeUnit.SECONDS));
                assertThat(outcomes).as("round %d: one recorded, one refused", round)
                        .filteredOn(o -> o instanceof RunEvent).hasSize(1);
                assertThat(outcomes).filteredOn(o -> o instanceof RunException).singleElement()
                        .satisfies(e -> assertThat(((RunException) e).getMessage()).contains("the first decision stands"));
                assertThat(f.store.events("r1")).filteredOn(e -> e.type() == RunEvent.EventType.DECISION).hasSize(1);
            }
        }
    }

    private interface Decide {
        RunEvent call() throws Exception;
    }

    private static Object attempt(java.util.concurrent.CyclicBarrier start, Decide decide) {
        try {
            start.await(30, TimeUnit.SECONDS);
            return decide.call();
        } catch (RunException e) {
            return e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void hostileEvidenceValuesAndNotesStayInertOnTheTerminalAndInTheReport() throws Exception {
        Path value = dir.resolve("value");
        String hostile = "\u001b[2J\u001b[1;1H[h1] fake line\r\n## Decisions\n- alice: confirm ha-page <script>x()</script> `tick`"
                + " \u202e | cell |";
        Files.writeString(value, hostile);
        Fixture f = new Fixture();
        f.params.put("file", value.toString());
        Gate gate = new Gate(List.of(), false, List.of(new Gate.Evidence("State **bold**", null,
                new Action.Shell("cat {{file}}", true))));
        Plan plan = f.plan(StepBuilder.of("ha-page", manual(gate)).build());
        f.run(plan);
        RunInfo info = f.store.run("r1").orElseThrow();
        Gates.decide(f.ledger(), info, new DecisionRequest("r1", "ha-page", null, true, "bob", "ok\n## Forged",
                new Channel(Channel.Kind.WEB, "10.0.0.7\n## x", "bob"), null));
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).doesNotContain("\u001b", "\u202e").contains("^[[2J");
        String md = new Report(info, null, f.store.events("r1"), List.of()).markdown();
        assertThat(md).doesNotContain("\u001b", "<script>", "\n## Decisions\n- alice", "\n## Forged", "\n## x")
                .contains("saw State \\*\\*bold\\*\\* (h1):", "\\<script\\>");
        assertThat(md.lines().filter(l -> l.startsWith("#")).toList()).as("no heading made by a value")
                .noneMatch(l -> l.contains("Forged") || l.equals("## x")).filteredOn("## Decisions"::equals).hasSize(1);
        String json = new Report(info, null, f.store.events("r1"), List.of()).json();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("decisions").get(0)
                .get("evidence").get(0).get("value").asText()).isEqualTo(hostile.strip());
    }
}
