package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Giving up a run, seeing a dead engine's run, and the errors around resume, through the CLI. */
class RunLifecycleCliTest {
    @TempDir
    Path dir;

    private Cli cli;

    private Path out() {
        return dir.resolve("out.txt");
    }

    private Path procedure(String steps) throws Exception {
        return cli.procedure("steps:\n" + steps);
    }

    private static String step(String id, String run) {
        return "  - id: " + id + "\n    on: box\n    run: " + run + "\n";
    }


    private String sqlite(String sql) throws Exception {
        Process p = new ProcessBuilder("sqlite3", cli.store.toString(), sql).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(text).isZero();
        return text;
    }

    /** A failed run blocks its cluster until abandoned; abandoned runs cannot be resumed. */
    @Test
    void abandoningAFailedRunRecordsWhoAndWhyAndFreesTheCluster() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure(step("ok", "echo ok >> " + out()) + step("bad", "exit 7"));
        Path inv = cli.localInventory();
        assertThat(cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input").exit())
                .isEqualTo(1);
        Cli.Result blocked = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r2", "--no-input");
        assertThat(blocked.exit()).as(blocked.all()).isEqualTo(4);

        Cli.Result noNote = cli.run("abandon", "r1");
        assertThat(noNote.exit()).as(noNote.all()).isEqualTo(2);
        Cli.Result abandoned = cli.run("abandon", "r1", "--note", "disk replaced, redo from scratch", "--as", "alice");
        assertThat(abandoned.exit()).as(abandoned.all()).isZero();
        assertThat(abandoned.out()).contains("abandoned run r1");

        assertThat(cli.run("status").out()).containsPattern("r1 .*abandoned");
        assertThat(cli.run("status", "r1").out()).contains("abandoned");
        String report = cli.run("report", "r1").out();
        assertThat(report).contains("alice: abandon the run").contains("disk replaced, redo from scratch");

        Cli.Result resume = cli.run("resume", "r1", "--no-input");
        assertThat(resume.exit()).as(resume.all()).isEqualTo(2);
        assertThat(resume.err()).contains("run r1 was abandoned").contains("alice");
        Cli.Result again = cli.run("abandon", "r1", "--note", "twice");
        assertThat(again.exit()).as(again.all()).isEqualTo(2);

        Cli.Result next = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r2", "--no-input");
        assertThat(next.exit()).as(next.all()).isEqualTo(1);
        assertThat(Files.readAllLines(out())).containsExactly("ok", "ok");
    }

    /** A live engine keeps its run; once it is gone, status says so and abandon works. */
    @Test
    void aDrivenRunCannotBeAbandonedAndADeadEnginesRunShowsAsInterrupted() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure(step("long", "echo long >> " + out() + "; sleep 30"));
        Path inv = cli.localInventory();
        Cli.Running engine = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        Cli.Result refused;
        try {
            engine.awaitText(out(), "long");
            refused = cli.run("abandon", "r1", "--note", "too slow");
            assertThat(cli.run("status").out()).containsPattern("r1 .*running");
        } finally {
            engine.kill();
        }
        assertThat(refused.exit()).as(refused.all()).isEqualTo(4);
        assertThat(refused.err()).contains("pid " + engine.process.pid());

        Cli.Result status = cli.run("status");
        assertThat(status.out()).containsPattern("r1 .*interrupted")
                .contains("engine pid " + engine.process.pid() + " on ").contains("is gone");
        assertThat(cli.run("status", "r1").out()).contains("interrupted (engine pid " + engine.process.pid());
        assertThat(cli.run("status", "r1", "--format", "json").out()).contains("\"state\" : \"interrupted\"");
        // status only looks: the dead engine's lease is still there for resume to take over
        assertThat(sqlite("SELECT holder_pid FROM leases WHERE lock_key = 'run:r1'"))
                .isEqualTo(String.valueOf(engine.process.pid()));

        sqlite("UPDATE leases SET holder_host = 'elsewhere', expires_at = '2020-01-01T00:00:00.000000000Z'");
        Cli.Result expired = cli.run("status");
        assertThat(expired.out()).as(expired.err()).containsPattern("r1 .*interrupted").contains("lease expired");

        Cli.Result abandoned = cli.run("abandon", "r1", "--note", "engine died");
        assertThat(abandoned.exit()).as(abandoned.all()).isZero();
    }

    /** --assume-done / --retry only name steps in doubt or failed. */
    @Test
    void assumeDoneOfAStepThatIsNeitherInDoubtNorFailedIsRefused() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure(step("ok", "echo ok >> " + out()) + step("bad", "exit 7") + step("later", "true"));
        Path inv = cli.localInventory();
        assertThat(cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input").exit())
                .isEqualTo(1);
        for (String option : new String[] {"--assume-done", "--retry"}) {
            for (String s : new String[] {"ok", "later"}) {
                Cli.Result r = cli.run("resume", "r1", "--no-input", option, s);
                assertThat(r.exit()).as(r.all()).isEqualTo(2);
                assertThat(r.err()).contains(option + " " + s).contains("in doubt or failed: bad");
            }
        }
        Cli.Result unknown = cli.run("resume", "r1", "--no-input", "--assume-done", "nosuch");
        assertThat(unknown.exit()).as(unknown.all()).isEqualTo(2);
        assertThat(Files.readAllLines(out())).containsExactly("ok");
        Cli.Result fine = cli.run("resume", "r1", "--no-input", "--assume-done", "bad");
        assertThat(fine.exit()).as(fine.all()).isZero();
    }

    /** The store failing after steps ran is not "bad input, nothing ran". */
    @Test
    void aStoreFailureMidRunExitsOneAndTheRunResumesOnceTheStoreIsBack() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure(step("first", "echo first >> " + out())
                + step("breaks", "echo breaks >> " + out() + "; sqlite3 " + dir.resolve("runs.db")
                        + " 'ALTER TABLE events RENAME TO events_away'")
                + step("last", "echo last >> " + out()));
        Path inv = cli.localInventory();
        Cli.Result r = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).contains("run store failed mid-run").contains("stepwise resume r1")
                .doesNotContain("nothing ran");
        sqlite("ALTER TABLE events_away RENAME TO events");
        Cli.Result resumed = cli.run("resume", "r1", "--no-input", "--assume-done", "breaks");
        assertThat(resumed.exit()).as(resumed.all()).isZero();
        assertThat(Files.readAllLines(out())).containsExactly("first", "breaks", "last");
    }

    /** A confirmed manual step counts one attempt. */
    @Test
    void aManualStepCountsItsAttempt() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure("  - id: gate\n    on: box\n    manual: Open the gate.\n");
        Path inv = cli.localInventory();
        assertThat(cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input").exit())
                .isEqualTo(3);
        assertThat(cli.run("confirm", "r1", "gate", "--note", "open").exit()).isZero();
        assertThat(cli.run("resume", "r1", "--no-input").exit()).isZero();
        assertThat(cli.run("report", "r1", "--format", "json").out()).contains("\"attempts\" : 1")
                .doesNotContain("\"attempts\" : 0");
        assertThat(cli.run("status", "r1", "--format", "json").out()).contains("\"attempts\" : 1");
    }

    /** The usage hint names the command as typed. */
    @Test
    void parameterErrorsPointAtTheCommandsHelp() {
        Cli.Result sub = Cli.inProcess("run");
        assertThat(sub.exit()).isEqualTo(2);
        assertThat(sub.err()).contains("Try 'stepwise run --help'");
        Cli.Result top = Cli.inProcess("--bogus");
        assertThat(top.exit()).isEqualTo(2);
        assertThat(top.err()).contains("Try 'stepwise --help'").doesNotContain("stepwise stepwise");
        Cli.Result none = Cli.inProcess();
        assertThat(none.err()).contains("Try 'stepwise --help'").doesNotContain("stepwise stepwise");
    }

    /** Ctrl-C's exit code is in run's help. */
    @Test
    void runHelpDocumentsCtrlC() {
        assertThat(Cli.inProcess("run", "--help").out()).contains("130 interrupted by Ctrl-C");
    }

    /** Abandon's help shows its options and an example. */
    @Test
    void abandonHelpHasAnExample() {
        String abandon = Cli.inProcess("abandon", "--help").out();
        assertThat(abandon).contains("--note").contains("--as").contains("stepwise abandon ");
    }
}
