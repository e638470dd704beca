package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step output is stored in batches (at 64 KiB, after 1 s, and the rest with the step's outcome), not one
 * fsynced transaction per line: a finished step's output is stored in full, and a step killed mid-way keeps
 * its output up to the last flush and is in doubt.
 */
class OutputBatchingCliTest {
    @TempDir
    Path dir;

    private Path procedure(Cli cli, String steps) throws Exception {
        return cli.procedure("steps:\n" + steps);
    }

    @Test
    void aFinishedStepsOutputIsStoredInFullInAFewWrites() throws Exception {
        Cli cli = new Cli(dir);
        // 3000 stdout lines (~100 KiB, past one 64 KiB batch), stderr in between, and a last line without newline
        Path proc = procedure(cli, "  - id: noisy\n    on: box\n    run: >-\n"
                + "      for i in $(seq 1 3000); do echo \"line $i of the noisy step, padded to some length\"; done;"
                + " echo warn >&2; printf tail\n"
                + "  - id: quiet\n    on: box\n    run: echo just-one\n");
        Cli.Result r = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "b1",
                "--no-input");
        assertThat(r.exit()).as(r.all()).isZero();

        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 3000; i++) {
            expected.append("line ").append(i).append(" of the noisy step, padded to some length\n");
        }
        try (RunStore store = RunStores.open(cli.store.toString(), Clock.systemUTC())) {
            String noisy = store.output("b1", "noisy", "here");
            // stderr's line lands wherever it arrived among stdout's, as a whole line
            assertThat(noisy.lines()).containsOnlyOnce("warn");
            assertThat(noisy.replaceFirst("(?m)^warn\n", "")).isEqualTo(expected + "tail\n");
            assertThat(store.output("b1", "quiet", "here")).isEqualTo("just-one\n");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.store);
             ResultSet rows = c.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM outputs WHERE run_id = 'b1' AND step_id = 'noisy'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("chunks for 3002 lines: batched, not a row (a transaction) per line")
                    .isBetween(2, 20);
        }
    }

    @Test
    void aStepKilledMidWayKeepsItsOutputUpToTheLastFlushAndIsInDoubt() throws Exception {
        Cli cli = new Cli(dir);
        Path marker = dir.resolve("marker");
        Path proc = procedure(cli, "  - id: slow\n    on: box\n    run: >-\n"
                + "      for i in $(seq 1 50); do echo early-$i; done; sleep 2.5; touch " + marker
                + "; echo late; sleep 60\n");
        Cli.Running run = cli.start("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "k1",
                "--no-input");
        run.awaitText(marker, "");
        List<ProcessHandle> children = run.process.descendants().toList();
        run.kill();
        children.forEach(ProcessHandle::destroyForcibly);

        try (RunStore store = RunStores.open(cli.store.toString(), Clock.systemUTC())) {
            List<String> stored = store.output("k1", "slow", "here").lines().toList();
            // the 50 early lines were printed 2.5 s before the kill: the 1 s flush stored them
            assertThat(stored).startsWith(java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(i -> "early-" + i)
                    .toArray(String[]::new));
            // whatever else made it is whole lines, in order (at most "late", printed just before the kill)
            assertThat(stored.subList(50, stored.size())).isSubsetOf("late");
            List<RunEvent> slow = store.events("k1").stream().filter(e -> "slow".equals(e.stepId())).toList();
            assertThat(slow).extracting(RunEvent::state).containsExactly(StepState.RUNNING);
        }
        Cli.Result resume = cli.run("resume", "k1", "--no-input");
        assertThat(resume.exit()).as(resume.all()).isEqualTo(3);
        assertThat(resume.err()).contains("step slow on here was running when the engine stopped");
    }
}
