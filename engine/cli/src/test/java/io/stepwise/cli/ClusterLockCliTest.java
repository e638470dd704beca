package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster lock is held only by runs that may have changed something: a diagnosis (all steps read-only)
 * takes none and its failure blocks nobody; a run that failed before any step with effects started can be
 * resumed, or a new run supersedes it with a recorded note.
 */
class ClusterLockCliTest {
    @TempDir
    Path dir;

    private static final String DIAGNOSIS = """
            procedure: diagnose
            title: Diagnosis
            roles:
              box: this machine
            steps:
              - id: replica-healthy
                on: box
                read_only: true
                run: test -f healthy || { echo "replica broken" >&2; exit 1; }
            """;

    private static final String REPAIR = """
            procedure: repair
            title: Repair
            roles:
              box: this machine
            steps:
              - id: precheck
                on: box
                read_only: true
                run: test -f ready || { echo "not ready" >&2; exit 1; }
              - id: repair
                on: box
                run: touch healthy
              - id: verify
                on: box
                manual: Check it.
            """;

    @Test
    void aFailedDiagnosisDoesNotBlockTheRepairNorDoesAPausedRepairBlockADiagnosis() throws Exception {
        Cli cli = new Cli(dir);
        Path inv = cli.localInventory();
        Path diagnose = cli.write("diagnose.yaml", DIAGNOSIS);
        Path repair = cli.write("repair.yaml", REPAIR);
        Files.writeString(dir.resolve("ready"), "");

        Cli.Result failed = cli.run("run", diagnose.toString(), "-i", inv.toString(), "--run-id", "d1", "--no-input");
        assertThat(failed.exit()).as(failed.all()).isEqualTo(1);
        Cli.Result fix = cli.run("run", repair.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        assertThat(fix.exit()).as(fix.all()).isEqualTo(3);
        assertThat(fix.out()).contains("run d1 (failed, no step with effects started) is superseded");

        Cli.Result check = cli.run("run", diagnose.toString(), "-i", inv.toString(), "--run-id", "d2", "--no-input");
        assertThat(check.exit()).as("a diagnosis beside a paused repair: " + check.all()).isZero();
        Cli.Result other = cli.run("run", repair.toString(), "-i", inv.toString(), "--run-id", "r2", "--no-input");
        assertThat(other.exit()).as("the paused repair still holds the cluster: " + other.all()).isEqualTo(4);

        // a diagnosis that failed beside the paused repair is given up without touching the repair's cluster
        Files.delete(dir.resolve("healthy"));
        Cli.Result broken = cli.run("run", diagnose.toString(), "-i", inv.toString(), "--run-id", "d3", "--no-input");
        assertThat(broken.exit()).as(broken.all()).isEqualTo(1);
        Cli.Result giveUp = cli.run("abandon", "d3", "--note", "seen, not needed");
        assertThat(giveUp.exit()).as(giveUp.all()).isZero();
        Cli.Result again = cli.run("run", repair.toString(), "-i", inv.toString(), "--run-id", "r3", "--no-input");
        assertThat(again.exit()).as("the repair still holds the cluster: " + again.all()).isEqualTo(4);
        assertThat(cli.run("resume", "r1", "--no-input").all()).doesNotContain("several unfinished runs");
    }

    @Test
    void aRunThatFailedBeforeAnyEffectCanBeResumedOrSuperseded() throws Exception {
        Cli cli = new Cli(dir);
        Path inv = cli.localInventory();
        Path repair = cli.write("repair.yaml", REPAIR);

        Cli.Result first = cli.run("run", repair.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        assertThat(first.exit()).as(first.all()).isEqualTo(1);
        assertThat(first.out()).contains("no step with effects started", "does not hold cluster lab");
        Files.writeString(dir.resolve("ready"), "");
        Cli.Result second = cli.run("run", repair.toString(), "-i", inv.toString(), "--run-id", "r2", "--no-input");
        assertThat(second.exit()).as(second.all()).isEqualTo(3);
        assertThat(second.out()).contains("run r1 (failed, no step with effects started) is superseded by this run");
        assertThat(cli.run("report", "r1").out()).contains("superseded by run r2");
        assertThat(cli.run("resume", "r1", "--no-input").exit()).isEqualTo(2);

        Cli.Result abandon = cli.run("abandon", "r2", "--note", "done with it");
        assertThat(abandon.exit()).as(abandon.all()).isZero();
        Files.delete(dir.resolve("ready"));
        Cli.Result third = cli.run("run", repair.toString(), "-i", inv.toString(), "--run-id", "r3", "--no-input");
        assertThat(third.exit()).as(third.all()).isEqualTo(1);
        Files.writeString(dir.resolve("ready"), "");
        Cli.Result resumed = cli.run("resume", "r3", "--no-input");
        assertThat(resumed.exit()).as(resumed.all()).isEqualTo(3);
    }
}
