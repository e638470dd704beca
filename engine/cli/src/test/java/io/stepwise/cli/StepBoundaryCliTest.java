package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.StepState;
import io.stepwise.run.Hold;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's end and the next step's start are written as one durable write. The engine is SIGKILLed at the
 * boundary (held there as {@code stepwise rehearse} holds it, no timing involved) and resumed: nothing runs
 * twice, nothing is lost, and the next step's command never runs before its start is on record.
 */
class StepBoundaryCliTest {
    @TempDir
    Path dir;

    /** a captures a value that b's {@code when} reads; each step appends its name to out.txt. */
    private Path procedure(Cli cli, Path out) throws Exception {
        return cli.write("boundary.yaml", "procedure: boundary\ntitle: Boundary\nroles:\n  box: this machine\nsteps:\n"
                + "  - id: a\n    on: box\n    run: echo a >> " + out + "; echo flag=yes\n"
                + "    capture: {flag: 'flag=(\\w+)'}\n"
                + "  - id: b\n    on: box\n    when: \"{{flag}} == 'yes'\"\n    run: echo b >> " + out + "\n"
                + "  - id: c\n    on: box\n    run: echo c >> " + out + "\n");
    }

    /** Starts the run held at {@code step:phase}, waits until it holds there, and SIGKILLs it. */
    private void killAt(Cli cli, Path proc, String step, Hold.Phase phase) throws Exception {
        Path hold = dir.resolve("hold-" + step + "-" + phase.word());
        cli.env.putAll(Hold.env(step, phase, hold));
        Cli.Running r = cli.start("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "b1",
                "--no-input");
        r.awaitText(hold, step);
        r.kill();
        cli.env.remove(Hold.STEP_ENV);
        cli.env.remove(Hold.FILE_ENV);
    }

    private List<RunEvent> events(Cli cli) throws Exception {
        try (RunStore store = RunStores.open(cli.store.toString(), Clock.systemUTC())) {
            return store.events("b1");
        }
    }

    private static RunEvent last(List<RunEvent> events, String step) {
        return events.stream().filter(e -> e.type() == RunEvent.EventType.STEP_STATE && step.equals(e.stepId()))
                .reduce((x, y) -> y).orElse(null);
    }

    @Test
    void killedRightAfterAStepsEndTheNextStepIsOnRecordAsStartedNotRunAndResumeRunsItOnceWhenTold() throws Exception {
        Cli cli = new Cli(dir);
        Path out = dir.resolve("out.txt");
        Path proc = procedure(cli, out);
        killAt(cli, proc, "b", Hold.Phase.STARTED);

        List<RunEvent> events = events(cli);
        RunEvent aDone = last(events, "a");
        RunEvent bStarted = last(events, "b");
        assertThat(aDone.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(bStarted.state()).isEqualTo(StepState.RUNNING);
        // one write: a's captured value, a's end and b's start, one after the other with one time
        RunEvent captured = events.stream().filter(e -> e.type() == RunEvent.EventType.CAPTURED).findFirst().orElseThrow();
        assertThat(List.of(captured.seq(), aDone.seq(), bStarted.seq()))
                .containsExactly(captured.seq(), captured.seq() + 1, captured.seq() + 2);
        assertThat(aDone.at()).isEqualTo(bStarted.at()).isEqualTo(captured.at());
        assertThat(Files.readAllLines(out)).as("b's start is on record before its command runs").containsExactly("a");

        // b is neither idempotent nor read-only: a plain resume asks, and runs nothing
        Cli.Result asked = cli.run("resume", "b1", "--no-input");
        assertThat(asked.exit()).as(asked.all()).isEqualTo(3);
        assertThat(asked.all()).contains("step b on here was running when the engine stopped");
        assertThat(Files.readAllLines(out)).containsExactly("a");

        Cli.Result done = cli.run("resume", "b1", "--no-input", "--retry", "b");
        assertThat(done.exit()).as(done.all()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("a", "b", "c");
        assertThat(finished(cli)).isTrue();
    }

    @Test
    void killedAtAStepsRecordedEndBeforeTheNextStartsResumeRunsTheRestOnce() throws Exception {
        Cli cli = new Cli(dir);
        Path out = dir.resolve("out.txt");
        Path proc = procedure(cli, out);
        // a hold at a step's end keeps that end a write of its own (what rehearse's "done" kill point means)
        killAt(cli, proc, "a", Hold.Phase.DONE);

        List<RunEvent> events = events(cli);
        assertThat(last(events, "a").state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(last(events, "b")).as("b has not started").isNull();
        assertThat(Files.readAllLines(out)).containsExactly("a");

        Cli.Result done = cli.run("resume", "b1", "--no-input");
        assertThat(done.exit()).as(done.all()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("a", "b", "c");
        assertThat(finished(cli)).isTrue();
    }

    @Test
    void killedWhileAStepRanAfterACombinedStartResumeFindsItInDoubtAndLosesNothing() throws Exception {
        Cli cli = new Cli(dir);
        Path out = dir.resolve("out.txt");
        Path proc = procedure(cli, out);
        // c ran, its end is not on record: c started in the same write as b's end
        killAt(cli, proc, "c", Hold.Phase.RAN);

        List<RunEvent> events = events(cli);
        assertThat(last(events, "b").state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(last(events, "c").state()).isEqualTo(StepState.RUNNING);
        assertThat(last(events, "b").seq() + 1).isEqualTo(last(events, "c").seq());
        assertThat(Files.readAllLines(out)).containsExactly("a", "b", "c");

        Cli.Result asked = cli.run("resume", "b1", "--no-input");
        assertThat(asked.exit()).as(asked.all()).isEqualTo(3);
        Cli.Result done = cli.run("resume", "b1", "--no-input", "--assume-done", "c");
        assertThat(done.exit()).as(done.all()).isZero();
        assertThat(Files.readAllLines(out)).as("nothing ran twice").containsExactly("a", "b", "c");
        assertThat(finished(cli)).isTrue();
    }

    /** Whether the store says the run finished (read after the process ended). */
    private boolean finished(Cli cli) throws Exception {
        try (RunStore store = RunStores.open(cli.store.toString(), Clock.systemUTC())) {
            return store.summary("b1").map(s -> s.state() == RunState.FINISHED).orElse(false);
        }
    }
}
