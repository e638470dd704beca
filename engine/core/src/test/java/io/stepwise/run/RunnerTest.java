package io.stepwise.run;

import static io.stepwise.run.StepBuilder.exits;
import static io.stepwise.run.StepBuilder.output;
import static io.stepwise.run.StepBuilder.shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.model.Plan;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.store.Decision;
import io.stepwise.store.RunEvent;
import io.stepwise.testing.Await;
import io.stepwise.testing.TempStore;
import io.stepwise.view.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {
    @TempDir
    Path dir;

    private String log() throws Exception {
        Path p = dir.resolve("log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private String append(String word) {
        return "echo " + word + " >> " + dir.resolve("log");
    }

    @Test
    void runsStepsInOrderAndRecordsEveryStateBeforeMovingOn() throws Exception {
        Fixture f = new Fixture();
        Runner.Result r = f.run(f.plan(shell("a", append("a")).build(), shell("b", append("b")).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("a\nb\n");
        List<String> trail = f.events().stream().filter(e -> e.type() == RunEvent.EventType.STEP_STATE)
                .map(e -> e.stepId() + ":" + e.state()).toList();
        assertThat(trail).containsExactly("a:RUNNING", "a:SUCCEEDED", "b:RUNNING", "b:SUCCEEDED");
        assertThat(f.screenText.toString()).contains("[1/2] a on h1", "[2/2] b on h1");
    }

    @Test
    void aCompletedStepNeverRunsAgain() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("a", append("a")).build(), shell("b", append("b") + "; exit 3").build());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(log()).isEqualTo("a\nb\nb\n");
        assertThat(f.state("a", "h1")).isEqualTo(StepState.SUCCEEDED);
    }

    @Test
    void expectChecksExitCodesAndOutput() throws Exception {
        Fixture f = new Fixture();
        Runner.Result r = f.run(f.plan(shell("ok", "exit 2").expect(exits(0, 2)).build(),
                shell("out", "echo hello").expect(output("^hel+o$")).build(),
                shell("bad", "echo nope").expect(output("yes")).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("bad on h1").contains("output did not match /yes/");
        Fixture g = new Fixture();
        Runner.Result r2 = g.run(g.plan(shell("noisy", "echo ERROR: disk >&2")
                .expect(new Expect(List.of(0), null, "ERROR", Map.of(), null)).build()));
        assertThat(r2.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r2.message()).contains("matched /ERROR/");
        Fixture h = new Fixture();
        assertThat(h.run(h.plan(shell("code", "exit 1").build())).message()).contains("exit code 1, expected 0");
    }

    @Test
    void capturedValuesAreRecordedAndShellQuotedIntoLaterSteps() throws Exception {
        Fixture f = new Fixture();
        Runner.Result r = f.run(f.plan(
                shell("pos", "echo \"MASTER_LOG_FILE='bin.000042' it's\"").capture("binlog", "MASTER_LOG_FILE='([^']+)'")
                        .capture("word", "(it's)").build(),
                shell("use", "echo {{binlog}}/{{word}}/{{host.nick}}/{{site}} >> " + dir.resolve("log")).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("bin.000042/it's/h1-nick/lab\n");
        assertThat(f.ledger().captures()).containsEntry("binlog", "bin.000042");
        assertThat(f.events()).anyMatch(e -> e.type() == RunEvent.EventType.CAPTURED
                && "bin.000042".equals(e.data().get("binlog")));
    }

    @Test
    void aCapturedValueOfSeveralLinesIsShownSoThatNoneOfItsLinesReadsAsTheEngines() throws Exception {
        Fixture f = new Fixture();
        Runner.Result r = f.run(f.plan(shell("get", "printf 'v=first\\n  ok (3ms)\\nrun r1 finished\\n'")
                .capture("x", "(?s)v=(.*\\S)").build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        List<String> lines = f.screenText.toString().lines().toList();
        assertThat(lines).contains("  captured x = first", "    |   ok (3ms)", "    | run r1 finished")
                .doesNotContain("  ok (3ms)", "run r1 finished");
    }

    @Test
    void aValueCapturedOnEachHostOfARoleIsThatHostsOwnInLaterSteps() throws Exception {
        Fixture f = new Fixture().hosts("pbx", "a", "b").hosts("db", "c");
        Plan plan = f.plan(shell("get", "echo id={{nick}}").on("pbx").parallel(2).capture("myid", "id=(\\S+)").build(),
                shell("use", append("{{nick}} uses {{myid}}")).on("pbx").build(),
                shell("other", append("c sees {{myid}}")).on("db").build());
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(log()).isEqualTo("a-nick uses a-nick\nb-nick uses b-nick\n");
        assertThat(r.message()).as("captured on a and b, not on c: which one is not guessed")
                .contains("other on c", "no value for {{myid}}");
    }

    @Test
    void aMissingCaptureFailsTheStep() throws Exception {
        Fixture f = new Fixture();
        Runner.Result r = f.run(f.plan(shell("pos", "echo nothing").capture("x", "FILE=(\\w+)").build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("capture x");
    }

    @Test
    void whenFalseSkipsTheStep() throws Exception {
        Fixture f = new Fixture();
        f.params.put("mode", "fast");
        Runner.Result r = f.run(f.plan(shell("a", append("a")).when("{{mode}} == 'slow'").build(),
                shell("b", append("b")).when("{{mode}} != 'slow'").build(),
                shell("c", append("c")).when("{{mode}}").build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("b\nc\n");
        assertThat(f.state("a", "h1")).isEqualTo(StepState.SKIPPED);
    }

    @Test
    void retriesWithDoublingBackoff() throws Exception {
        Fixture f = new Fixture();
        Path n = dir.resolve("n");
        String cmd = "c=$(cat " + n + " 2>/dev/null || echo 0); c=$((c+1)); echo $c > " + n + "; [ $c -ge 3 ]";
        Runner.Result r = f.run(f.plan(shell("flaky", cmd).retries(3, Duration.ofSeconds(2)).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(Files.readString(n).trim()).isEqualTo("3");
        assertThat(f.time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(f.ledger().attempt(new StepKey("flaky", "h1"))).isEqualTo(3);

        Fixture g = new Fixture();
        Runner.Result r2 = g.run(g.plan(shell("never", "exit 1").retries(2, Duration.ofSeconds(1)).build()));
        assertThat(r2.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(g.time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    @Timeout(120) // the step sleeps 300 s: without the step's timeout this test would not end
    void timeoutKillsTheWholeProcessTree() throws Exception {
        Fixture f = new Fixture();
        f.clock = Clock.systemUTC();
        f.ticker = Ticker.SYSTEM;
        Path pid = dir.resolve("pid");
        String cmd = "(sleep 300; echo late >> " + dir.resolve("log") + ") & echo $! > " + pid + "; sleep 300";
        Runner.Result r = f.run(f.plan(shell("slow", cmd).timeout(Duration.ofMillis(1500)).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("timed out after 1.5s");
        long child = Long.parseLong(Files.readString(pid).trim());
        Await.until("background child " + child + " of the timed-out step is gone", Duration.ofSeconds(10),
                () -> !running(child), () -> "it still runs");
    }

    /** Alive and not a zombie (this machine's init may reap late). */
    static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s = Files.readString(stat);
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }

    @Test
    void waitPollsUntilTheConditionHoldsShowingEachCheck() throws Exception {
        Fixture f = new Fixture();
        Path n = dir.resolve("n");
        String probe = "c=$(cat " + n + " 2>/dev/null || echo 0); c=$((c+1)); echo $c > " + n + "; echo lag=$((3-c))";
        Action wait = new Action.Wait(new Action.Shell(probe, true), output("lag=0"), Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        Runner.Result r = f.run(f.plan(StepBuilder.of("caught-up", wait).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.time.sleeps()).as("quick at first, then doubling up to the interval")
                .containsExactly(Duration.ofMillis(20), Duration.ofMillis(40));
        assertThat(f.screenText.toString()).contains("check 1: not yet", "check 2: not yet", "check 3: condition holds");
    }

    @Test
    void waitGivesUpAtItsTimeout() throws Exception {
        Fixture f = new Fixture();
        Action wait = new Action.Wait(new Action.Shell("echo lag=9", true), output("lag=0"), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        Runner.Result r = f.run(f.plan(StepBuilder.of("caught-up", wait).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("still not true after 30s (11 checks)");
        assertThat(f.time.sleeps()).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80),
                Duration.ofMillis(160), Duration.ofMillis(320), Duration.ofMillis(640), Duration.ofMillis(1280),
                Duration.ofMillis(2560), Duration.ofMillis(5120), Duration.ofSeconds(10));
    }

    @Test
    void aWaitTimeoutBoundsAHangingProbe() throws Exception {
        Fixture f = new Fixture();
        f.clock = Clock.systemUTC();
        f.ticker = Ticker.SYSTEM;
        Action wait = new Action.Wait(new Action.Shell("sleep 300", true), output("never"), Duration.ofSeconds(1),
                Duration.ofSeconds(2));
        long t0 = System.nanoTime();
        Runner.Result r = f.run(f.plan(StepBuilder.of("hang", wait).build()));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("still not true after 2s", "timed out");
    }

    @Test
    void parallelRunsHostsAtOnceAndOneAtATimeStopsAtTheFirstFailure() throws Exception {
        Fixture f = new Fixture().hosts("db", "h1", "h2", "h3");
        f.clock = Clock.systemUTC();
        long t0 = System.nanoTime();
        Runner.Result r = f.run(f.plan(shell("s", "sleep 1; echo {{host.name}} >> " + dir.resolve("log"))
                .parallel(3).build()));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log().lines().sorted().toList()).containsExactly("h1", "h2", "h3");
        assertThat(took).isLessThan(Duration.ofMillis(2500));

        Fixture g = new Fixture().hosts("db", "h1", "h2", "h3");
        Runner.Result r2 = g.run(g.plan(shell("t", "[ {{host.name}} != h2 ]").build()));
        assertThat(r2.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(g.state("t", "h1")).isEqualTo(StepState.SUCCEEDED);
        assertThat(g.state("t", "h2")).isEqualTo(StepState.FAILED);
        assertThat(g.state("t", "h3")).isEqualTo(StepState.PENDING);
    }

    /** Leaves step {@code id} recorded as RUNNING, as a killed engine would. */
    private static void crashedWhileRunning(Fixture f, String id) throws Exception {
        f.ledger().move(new StepKey(id, "h1"), StepState.RUNNING, 1, null, Map.of());
    }

    @Test
    void anInDoubtStepIsNotRerunUnlessSafeAndAsksForADecision() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("change", append("change")).build(), shell("after", append("after")).build());
        crashedWhileRunning(f, "change");
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("--retry change", "--assume-done change");
        assertThat(log()).isEmpty();
        assertThat(f.state("change", "h1")).isEqualTo(StepState.IN_DOUBT);

        Runner.Result retried = f.run(plan, new Runner.Options(Set.of("change"), Set.of()));
        assertThat(retried.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("change\nafter\n");
        assertThat(f.events()).anyMatch(e -> e.type() == RunEvent.EventType.DECISION
                && "retry".equals(e.data().get("decision")) && "tester".equals(e.actor()));
    }

    @Test
    void assumeDoneMarksTheStepWithoutRunningIt() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("change", append("change")).build());
        crashedWhileRunning(f, "change");
        assertThat(f.run(plan, new Runner.Options(Set.of(), Set.of("change"))).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEmpty();
        assertThat(f.state("change", "h1")).isEqualTo(StepState.ASSUMED_DONE);
    }

    @Test
    void assumeDoneTakesCapturesFromTheKeptOutputOrAsksForSet() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("pos", "echo FILE=bin.1").capture("binlog", "FILE=([\\w.]+)").build(),
                shell("use", "echo {{binlog}} >> " + dir.resolve("log")).build());
        crashedWhileRunning(f, "pos");
        f.store.appendOutput("r1", "pos", "h1", 1, "stdout", "FILE=bin.7\n");
        assertThat(f.run(plan, new Runner.Options(Set.of(), Set.of("pos"))).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("bin.7\n");

        Fixture g = new Fixture();
        Plan again = g.plan(shell("pos", "echo FILE=bin.1").capture("binlog", "FILE=([\\w.]+)").build(),
                shell("use", "echo {{binlog}} >> " + dir.resolve("log2")).build());
        crashedWhileRunning(g, "pos");
        Runner.Result r = g.run(again, new Runner.Options(Set.of(), Set.of("pos")));
        assertThat(r.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("binlog", "missing", "stepwise resume r1 --set binlog=VALUE");
        assertThat(g.run(again).outcome()).as("still missing").isEqualTo(Outcome.PAUSED);
        Runner.Result set = g.run(again, new Runner.Options(Set.of(), Set.of(), Map.of("binlog", "bin.42")));
        assertThat(set.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(Files.readString(dir.resolve("log2"))).isEqualTo("bin.42\n");
        assertThat(g.events()).anyMatch(e -> e.type() == RunEvent.EventType.DECISION
                && "set".equals(e.data().get("decision")) && "tester".equals(e.actor())
                && "binlog=bin.42".equals(e.note()));
        assertThat(g.events()).anyMatch(e -> e.type() == RunEvent.EventType.CAPTURED
                && "bin.42".equals(e.data().get("binlog")));
    }

    @Test
    void aVerifyProbeThatSettlesAStepKeepsItsCaptures() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("pos", "echo FILE=bin.1").capture("binlog", "FILE=([\\w.]+)")
                        .verify(new Action.Shell("echo FILE=bin.9", true)).build(),
                shell("use", "echo {{binlog}} >> " + dir.resolve("log")).build());
        crashedWhileRunning(f, "pos");
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("bin.9\n");
    }

    @Test
    void aDroppedConnectionNamesItsCauseAndAReadOnlyStepNeedsOnlyAPlainResume() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("ro", new Action.Shell("true", true)).build(), shell("change", "true").build());
        Ledger ledger = f.ledger();
        InDoubt d = new InDoubt(f.store, ledger, null, f.operator, null, null);
        HostOutcome ro = d.cutOff(plan.steps().get(0).step(), new StepKey("ro", "h1"), "h1: connection reset");
        assertThat(ro.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(ro.message()).contains("the connection to h1 dropped", "stepwise resume r1", "read-only")
                .doesNotContain("--retry", "--assume-done", "engine stopped");
        HostOutcome change = d.cutOff(plan.steps().get(1).step(), new StepKey("change", "h1"), "h1: reset");
        assertThat(change.message()).contains("the connection to h1 dropped", "--retry change", "--assume-done change")
                .doesNotContain("engine stopped");
        HostOutcome stopped = d.ask(new StepKey("change", "h1"), "no verify probe");
        assertThat(stopped.message()).contains("the engine stopped");
    }

    @Test
    void retryAndAssumeDoneCanNameOneHostOfAStep() throws Exception {
        Fixture f = new Fixture().hosts("db", "h1", "h2");
        Plan plan = f.plan(shell("change", "echo {{host.name}} >> " + dir.resolve("log")).build());
        f.ledger().move(new StepKey("change", "h1"), StepState.RUNNING, 1, null, Map.of());
        f.ledger().move(new StepKey("change", "h2"), StepState.RUNNING, 1, null, Map.of());
        Runner.Options one = new Runner.Options(Set.of("change@h1"), Set.of());
        ResumeChoices.check(plan, f.ledger(), one.retry(), one.assumeDone());
        Runner.Result r = f.run(plan, one);
        assertThat(r.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("change on h2");
        assertThat(log()).isEqualTo("h1\n");
        assertThat(f.state("change", "h2")).isEqualTo(StepState.IN_DOUBT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResumeChoices.check(plan, f.ledger(),
                Set.of("change@h1"), Set.of())).isInstanceOf(RunException.class).hasMessageContaining("h1: succeeded");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResumeChoices.check(plan, f.ledger(),
                Set.of(), Set.of("change@h9"))).isInstanceOf(RunException.class).hasMessageContaining("h9");
        assertThat(f.run(plan, new Runner.Options(Set.of(), Set.of("change@h2"))).outcome())
                .isEqualTo(Outcome.FINISHED);
        assertThat(f.state("change", "h2")).isEqualTo(StepState.ASSUMED_DONE);
        assertThat(log()).isEqualTo("h1\n");
    }

    @Test
    void idempotentAndReadOnlyInDoubtStepsRunAgain() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("idem", append("idem")).idempotent().build(),
                StepBuilder.of("ro", new Action.Shell(append("ro"), true)).build());
        crashedWhileRunning(f, "idem");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("idem\nro\n");
    }

    @Test
    void aPassingVerifyProbeSettlesAnInDoubtStepWithoutRerunningIt() throws Exception {
        Fixture f = new Fixture();
        Path marker = dir.resolve("marker");
        Plan plan = f.plan(shell("make", append("make") + "; touch " + marker)
                .verify(new Action.Shell("test -f " + marker, true)).build());
        crashedWhileRunning(f, "make");
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).as("marker absent: verify fails, operator asked").isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("verify probe says it did not take effect");
        Files.writeString(marker, "");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEmpty();
        assertThat(f.state("make", "h1")).isEqualTo(StepState.SUCCEEDED);
    }

    @Test
    void anInDoubtStepWhoseVerifyProbeCannotBeRenderedStaysInDoubtAndIsNotRunAgainUnasked() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("x", append("x")).verify(new Action.Shell("test {{expected}} = done", true)).build());
        crashedWhileRunning(f, "x");
        for (int resume = 0; resume < 2; resume++) {
            Runner.Result r = f.run(plan);
            assertThat(r.outcome()).as("resume %d", resume).isEqualTo(Outcome.PAUSED);
            assertThat(r.message()).contains("no value for {{expected}}", "--retry x", "--assume-done x");
            assertThat(f.state("x", "h1")).isEqualTo(StepState.IN_DOUBT);
        }
        assertThat(log()).as("never run again without a choice").isEmpty();
        assertThat(f.run(plan, new Runner.Options(Set.of("x"), Set.of())).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("x\n");
    }

    @Test
    void aManualStepWithoutATerminalPausesUntilConfirmed() throws Exception {
        Fixture f = new Fixture();
        f.params.put("name", "xop-b");
        Plan plan = f.plan(StepBuilder.of("check", new Action.Manual("Type: sysconf net {{name}}", null,
                Action.OnTimeout.PAUSE)).build(), shell("after", append("after")).build());
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("stepwise confirm r1 check");
        assertThat(f.screenText.toString()).contains("Type: sysconf net xop-b");
        assertThat(f.state("check", "h1")).isEqualTo(StepState.WAITING_FOR_PERSON);
        assertThat(f.run(plan).outcome()).as("still no answer").isEqualTo(Outcome.PAUSED);

        f.ledger().decision("check", null, "alice", Decision.CONFIRM, "looks right");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("after\n");
        assertThat(f.events()).anyMatch(e -> e.state() == StepState.SUCCEEDED && e.note() != null
                && e.note().contains("alice") && e.note().contains("looks right"));
    }

    @Test
    void aRejectedManualStepFailsTheRunAndIsAskedAgain() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("check", new Action.Manual("look", null, Action.OnTimeout.PAUSE)).build());
        f.run(plan);
        f.ledger().decision("check", null, "bob", Decision.REJECT, "the light is red");
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("rejected by bob: the light is red");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(f.state("check", "h1")).isEqualTo(StepState.WAITING_FOR_PERSON);
    }

    @Test
    void anInteractiveOperatorAnswersManualAndOptionalSteps() throws Exception {
        Fixture f = new Fixture();
        f.operator = new Operator() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String who() {
                return "carol";
            }

            @Override
            public Answer askManual(String stepId, String host, String instructions, Duration timeout) {
                return new Answer(Answer.Kind.CONFIRM, "done it");
            }

            @Override
            public Answer askOptional(String stepId, String title) {
                return Answer.of(stepId.equals("opt-yes") ? Answer.Kind.RUN : Answer.Kind.SKIP);
            }
        };
        Plan plan = f.plan(shell("opt-yes", append("yes")).optional().build(),
                shell("opt-no", append("no")).optional().build(),
                StepBuilder.of("m", new Action.Manual("look", null, Action.OnTimeout.PAUSE)).build());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("yes\n");
        assertThat(f.state("opt-no", "h1")).isEqualTo(StepState.SKIPPED);
        assertThat(f.events().stream().filter(e -> e.type() == RunEvent.EventType.DECISION)
                .map(e -> e.stepId() + "=" + e.data().get("decision") + "/" + e.actor()))
                .containsExactly("opt-yes=run-optional/carol", "opt-no=skip-optional/carol", "m=confirm/carol");
    }

    @Test
    void confirmingAnOptionalManualStepRunsItThenWaitsForItsOwnConfirm() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("m", new Action.Manual("Reseat the cable", null, Action.OnTimeout.PAUSE))
                .optional().build(), shell("after", append("after")).build());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.PAUSED);
        f.ledger().decision("m", null, "alice", Decision.CONFIRM, "yes, do it");
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).as("choosing to run it is not doing it").isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("manual step m on h1 waits for a person");
        assertThat(f.screenText.toString()).contains("Reseat the cable");
        assertThat(f.state("m", "h1")).isEqualTo(StepState.WAITING_FOR_PERSON);
        assertThat(f.events().stream().filter(e -> e.type() == RunEvent.EventType.DECISION)
                .map(e -> e.data().get("decision") + "/" + e.actor())).containsExactly("confirm/alice",
                "run-optional/alice");
        assertThat(f.run(plan).outcome()).as("still not done").isEqualTo(Outcome.PAUSED);
        f.ledger().decision("m", null, "bob", Decision.CONFIRM, "reseated");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEqualTo("after\n");
        assertThat(f.events()).anyMatch(e -> e.state() == StepState.SUCCEEDED && e.note() != null
                && e.note().contains("bob") && e.note().contains("reseated"));
    }

    @Test
    void anOptionalStepWithoutATerminalPausesAndRejectSkipsIt() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(shell("opt", append("opt")).optional().build());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.PAUSED);
        f.ledger().decision("opt", null, "dave", Decision.REJECT, "not tonight");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEmpty();
        assertThat(f.state("opt", "h1")).isEqualTo(StepState.SKIPPED);
    }

    @Test
    void anOptionalStepWhoseWhenIsFalseIsSkippedWithoutAskingAndAChoiceGivenWhilePausedDoesNotRunIt() throws Exception {
        Fixture f = new Fixture();
        f.params.put("do_it", "no");
        Plan plan = f.plan(shell("opt", append("opt")).optional().when("{{do_it}} == 'yes'").build());
        assertThat(f.run(plan).outcome()).as("not asked: its condition is false").isEqualTo(Outcome.FINISHED);
        assertThat(f.state("opt", "h1")).isEqualTo(StepState.SKIPPED);

        // a run paused at the choice by an earlier version, then confirmed: the condition still decides
        Fixture g = new Fixture();
        g.params.put("do_it", "no");
        Plan again = g.plan(shell("opt", append("opt")).optional().when("{{do_it}} == 'yes'").build());
        g.ledger().move(new StepKey("opt", "h1"), StepState.WAITING_FOR_PERSON, 0,
                "optional: waiting for the operator's choice", Map.of());
        g.ledger().decision("opt", null, "dave", Decision.CONFIRM, "go");
        assertThat(g.run(again).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(log()).isEmpty();
        assertThat(g.state("opt", "h1")).isEqualTo(StepState.SKIPPED);

        Fixture y = new Fixture();
        y.params.put("do_it", "yes");
        assertThat(y.run(y.plan(shell("opt", append("opt")).optional().when("{{do_it}} == 'yes'").build())).outcome())
                .as("true: the choice is asked for").isEqualTo(Outcome.PAUSED);
    }

    @Test
    void secretsAreMaskedOnScreenAndInStoredOutput() throws Exception {
        Fixture f = new Fixture();
        f.params.put("pw", "s3cr3t-value");
        f.secrets.put("pw", "s3cr3t-value");
        Runner.Result r = f.run(f.plan(shell("leak", "echo password is {{pw}}; echo {{pw}} >&2; exit 1").build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString()).contains("password is ****").doesNotContain("s3cr3t-value");
        assertThat(f.store.output("r1", "leak", "h1")).contains("****").doesNotContain("s3cr3t-value");
        assertThat(f.events().toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void illegalTransitionsAreRefusedByTheLedger() throws Exception {
        Fixture f = new Fixture();
        f.run(f.plan(shell("a", "true").build()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.ledger().move(new StepKey("a", "h1"),
                StepState.RUNNING, 2, null, Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SUCCEEDED -> RUNNING");
    }

    @Test
    void aValueThatIsMissingAtRunTimeFailsTheStepWithItsName() throws Exception {
        Fixture f = new Fixture();
        Runner.Result r = f.run(f.plan(shell("a", "true").when("{{mode}} == 'x'").build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.message()).contains("a on h1", "no value for {{mode}}");
        Fixture g = new Fixture();
        Runner.Result m = g.run(g.plan(StepBuilder.of("m", new Action.Manual("use {{nothing}}", null,
                Action.OnTimeout.PAUSE)).build()));
        assertThat(m.message()).contains("no value for {{nothing}}");
        assertThat(g.state("m", "h1")).isEqualTo(StepState.FAILED);
    }

    @Test
    void chattyOutputIsShownLineByLineAndStoredInBatches() throws Exception {
        Fixture f = new Fixture();
        Runner.Result r = f.run(f.plan(shell("chatty", "seq 1 30000; echo done >&2").build()));
        assertThat(r.outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).contains("[h1] 1\n", "[h1] 29999\n", "[h1] 30000\n", "[h1] done");
        assertThat(f.store.output("r1", "chatty", "h1")).contains("29999\n30000\n").contains("done");
        assertThat(TempStore.count(f.storeFile, "SELECT count(*) FROM outputs")).as("rows of output stored")
                .isBetween(2L, 40L);
    }
}
