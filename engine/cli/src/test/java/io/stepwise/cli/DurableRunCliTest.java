package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run-semantics promises, through the CLI in separate JVMs, as an operator meets them. */
class DurableRunCliTest {
    @TempDir
    Path dir;

    private Cli cli;

    private Path out() {
        return dir.resolve("out.txt");
    }

    private List<String> lines() throws Exception {
        return Files.exists(out()) ? Files.readAllLines(out()) : List.of();
    }

    private Path procedure(String steps) throws Exception {
        return cli.procedure("steps:\n" + steps);
    }

    private String step(String id, String extra, String run) {
        return "  - id: " + id + "\n    on: box\n" + extra + "    run: " + run + "\n";
    }

    @Test
    void twoResumesAtOnceOneProceedsAndTheOtherIsRefusedWithTheHolder() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure("  - id: gate\n    on: box\n    manual: Open the gate.\n"
                + step("long", "    idempotent: true\n", "echo long >> " + out() + "; sleep 6")
                + step("end", "", "echo end >> " + out()));
        Path inv = cli.localInventory();
        assertThat(cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input").exit())
                .isEqualTo(3);
        assertThat(cli.run("confirm", "r1", "gate", "--note", "open").exit()).isZero();

        Cli.Running a = cli.start("resume", "r1", "--no-input");
        Cli.Running b = cli.start("resume", "r1", "--no-input");
        Cli.Running refused = Await.value("one of the two resumes to end while the other runs", Await.DEFAULT,
                () -> !a.process.isAlive() ? a : !b.process.isAlive() ? b : null, () -> "");
        Cli.Running holder = refused == a ? b : a;
        Cli.Result r = refused.await(10);
        assertThat(r.exit()).as(r.all()).isEqualTo(4);
        assertThat(r.err()).contains("run r1 is driven by").contains("pid " + holder.process.pid());
        assertThat(holder.process.isAlive()).isTrue();
        holder.awaitText(out(), "long");
        holder.kill();
        Cli.Result next = cli.run("resume", "r1", "--no-input");
        assertThat(next.exit()).as(next.all()).isZero();
        assertThat(lines()).containsOnly("long", "end").filteredOn("end"::equals).hasSize(1);
    }

    @Test
    void aSecondRunOnTheSameClusterIsRefusedWhileTheFirstIsDriven() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure(step("long", "", "echo long >> " + out() + "; sleep 20"));
        Path inv = cli.localInventory();
        Cli.Running first = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        first.awaitText(out(), "long");
        Cli.Result second = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r2", "--no-input");
        first.kill();
        assertThat(second.exit()).as(second.all()).isEqualTo(4);
        assertThat(second.err()).contains("r1").contains("pid " + first.process.pid());
        assertThat(lines()).containsExactly("long");
    }

    @Test
    void anEditedStepThatAlreadyRanStopsTheResumeUntilAccepted() throws Exception {
        cli = new Cli(dir);
        String first = step("first", "", "echo first >> " + out());
        String rest = step("long", "    idempotent: true\n", "echo long >> " + out() + "; sleep 30")
                + step("last", "", "echo last >> " + out());
        Path proc = procedure(first + rest);
        Path inv = cli.localInventory();
        Cli.Running run = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        run.awaitText(out(), "long");
        run.kill();

        procedure(step("first", "", "echo FIRST-EDITED >> " + out())
                + step("long", "    idempotent: true\n", "echo long >> " + out())
                + step("last", "", "echo last-edited >> " + out()));
        Cli.Result refused = cli.run("resume", "r1", "--no-input");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(4);
        assertThat(refused.err()).contains("changed since run r1 started").contains("first, long")
                .contains("--accept-changes").doesNotContain("last");
        assertThat(refused.err()).as("both sides of the change").containsPattern("recorded: step\\.action\\.command=echo first")
                .containsPattern("now: +step\\.action\\.command=echo FIRST-EDITED");
        assertThat(lines()).containsExactly("first", "long");

        Cli.Result accepted = cli.run("resume", "r1", "--no-input", "--accept-changes");
        assertThat(accepted.exit()).as(accepted.all()).isZero();
        assertThat(lines()).containsExactly("first", "long", "long", "last-edited");
        assertThat(cli.run("report", "r1").out()).contains("accepted changes")
                .as("the kill -9 is in the sessions (issue 9 item 16)")
                .containsPattern("(?s)## Sessions.*started by .*\n- the engine of the session above stopped without a"
                        + " record \\(killed, e\\.g\\. kill -9.*\n- \\S+ resumed by .*\n- \\S+ finished\n");
    }

    @Test
    void anAssumedDoneStepWhoseCaptureIsLostAsksForSetAndRecordsIt() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure(step("pos", "    capture: {binlog: 'FILE=([\\w.]+)'}\n",
                "\"echo started >> " + out() + "; sleep 30; echo FILE=bin.1\"")
                + step("use", "", "echo used-{{binlog}} >> " + out()));
        Path inv = cli.localInventory();
        Cli.Running run = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        run.awaitText(out(), "started");
        run.kill();
        Cli.Result asked = cli.run("resume", "r1", "--no-input", "--assume-done", "pos");
        assertThat(asked.exit()).as(asked.all()).isEqualTo(3);
        assertThat(asked.all()).contains("binlog").contains("stepwise resume r1 --set binlog=VALUE");
        Cli.Result set = cli.run("resume", "r1", "--no-input", "--set", "binlog=bin.42");
        assertThat(set.exit()).as(set.all()).isZero();
        assertThat(lines()).containsExactly("started", "used-bin.42");
        assertThat(cli.run("report", "r1").out()).contains("set pos").contains("binlog=bin.42");
    }

    @Test
    void aSecretNeverReachesTheStoreLogsReportOrScreen() throws Exception {
        cli = new Cli(dir);
        String secret = "Zq7-very-secret-41";
        Path proc = cli.procedure("params:\n  token: {secret: true}\n  site: {default: lab}\nsteps:\n"
                + step("show", "", "echo token={{token}} site={{site}}; echo {{token}} >&2")
                + step("flaky", "", "\"[ -f flag ] || { touch flag; echo bad {{token}} >&2; exit 1; }\"")
                + "  - id: look\n    on: box\n    manual: Check that {{token}} works.\n");
        Path inv = cli.localInventory();
        Cli.Result missing = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r0", "--no-input");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("STEPWISE_SECRET_TOKEN");

        cli.env.put("STEPWISE_SECRET_TOKEN", secret);
        Cli.Result failed = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        assertThat(failed.exit()).as(failed.all()).isEqualTo(1);
        assertThat(failed.all()).contains("token=**** site=lab").contains("bad ****");
        Cli.Result paused = cli.run("resume", "r1", "--no-input");
        assertThat(paused.exit()).as(paused.all()).isEqualTo(3);
        assertThat(paused.out()).contains("Check that **** works.");
        StringBuilder seen = new StringBuilder(failed.all()).append(paused.all());
        for (String[] args : List.of(new String[] {"log", "r1", "show"}, new String[] {"log", "r1", "flaky"},
                new String[] {"report", "r1"}, new String[] {"report", "r1", "--format", "json"},
                new String[] {"status", "r1", "--format", "json"}, new String[] {"status"})) {
            Cli.Result r = cli.run(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.all()).isZero();
            seen.append(r.all());
        }
        assertThat(seen.toString()).contains("****").doesNotContain(secret);
        assertThat(cli.run("log", "r1", "show").out()).contains("token=**** site=lab");
        for (Path p : Files.list(dir).filter(p -> p.getFileName().toString().startsWith("runs.db")).toList()) {
            String bytes = new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(p.toString()).doesNotContain(secret);
        }
        assertThat(Files.exists(cli.store)).isTrue();
    }

    @Test
    void aManualStepWithoutATerminalPausesAndTheReportShowsWhoConfirmed() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure(step("before", "", "echo before >> " + out())
                + "  - id: check-console\n    on: box\n    title: Check the console\n"
                + "    manual: Type sysconf on {{host.name}} and check the banner.\n"
                + step("after", "", "echo after >> " + out()));
        Path inv = cli.localInventory();
        Cli.Result paused = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        assertThat(paused.exit()).as(paused.all()).isEqualTo(3);
        assertThat(paused.out()).contains("Type sysconf on here and check the banner.");
        assertThat(paused.err()).contains("stepwise confirm r1 check-console");
        assertThat(lines()).containsExactly("before");
        assertThat(cli.run("status", "r1").out()).contains("check-console").contains("waiting_for_person");

        Cli.Result early = cli.run("confirm", "r1", "after");
        assertThat(early.exit()).isEqualTo(2);
        assertThat(early.err()).contains("not waiting for a person");

        Cli.Result confirmed = cli.run("confirm", "r1", "check-console", "--as", "alice", "--note",
                "banner says v7.2");
        assertThat(confirmed.exit()).as(confirmed.all()).isZero();
        Cli.Result resumed = cli.run("resume", "--no-input");
        assertThat(resumed.exit()).as(resumed.all()).isZero();
        assertThat(lines()).containsExactly("before", "after");
        assertThat(resumed.out()).contains("STEP").contains("check-console").contains("succeeded");

        String md = cli.run("report", "r1").out();
        assertThat(md).contains("alice: confirm check-console").contains("banner says v7.2")
                .contains("| check-console | here | succeeded |");
        String json = cli.run("report", "r1", "--format", "json").out();
        assertThat(json).contains("\"who\" : \"alice\"").contains("\"note\" : \"banner says v7.2\"")
                .contains("\"state\" : \"finished\"");
    }

    @Test
    void aRejectedManualStepFailsTheRunWithTheNote() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure("  - id: look\n    on: box\n    manual: Look.\n" + step("after", "", "true"));
        Path inv = cli.localInventory();
        assertThat(cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input").exit())
                .isEqualTo(3);
        assertThat(cli.run("reject", "r1", "look").exit()).as("reject needs a note").isEqualTo(2);
        assertThat(cli.run("reject", "r1", "look", "--note", "the light is red", "--as", "bob").exit()).isZero();
        Cli.Result r = cli.run("resume", "r1", "--no-input");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).containsPattern("rejected by bob \\(cli [^)]*\\): the light is red");
    }

    @Test
    void aHostThatNoLongerFitsItsRoleStopsTheResume() throws Exception {
        cli = new Cli(dir);
        Path marker = cli.write("is-primary", "");
        Path proc = cli.write("proc.yaml", "procedure: demo\ntitle: Demo\nroles:\n  box:\n    description: primary\n"
                + "    checks:\n      - run: test -f " + marker + "\n        title: still the primary\n"
                + "steps:\n  - id: gate\n    on: box\n    manual: Wait.\n" + step("after", "", "true"));
        Path inv = cli.localInventory();
        Cli.Result first = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        assertThat(first.exit()).as(first.all()).isEqualTo(3);
        Files.delete(marker);
        cli.run("confirm", "r1", "gate");
        Cli.Result r = cli.run("resume", "r1", "--no-input");
        assertThat(r.exit()).as(r.all()).isEqualTo(4);
        assertThat(r.err()).contains("host here no longer fits role box: check 'still the primary'");
        Files.writeString(marker, "");
        assertThat(cli.run("resume", "r1", "--no-input").exit()).isZero();
    }

    @Test
    void ctrlCRecordsTheRunningStepAsInterruptedStopsItsProcessAndTheRunResumes() throws Exception {
        cli = new Cli(dir);
        Path pid = dir.resolve("pid");
        Path proc = procedure(step("first", "", "echo first >> " + out())
                + step("long", "", "\"if [ -f skip ]; then echo long >> " + out() + "; else echo $$ > " + pid
                + "; sleep 60; fi\"")
                + step("last", "", "echo last >> " + out()));
        Path inv = cli.localInventory();
        Cli.Running run = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        run.awaitText(pid, "\n");
        new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor();
        Cli.Result r = run.await(30);
        assertThat(r.exit()).as(r.all()).isEqualTo(130);
        assertThat(r.out()).contains("interrupted").contains("stepwise resume r1");
        assertThat(r.out()).as("Ctrl-C says what resume will ask for this non-idempotent step")
                .contains("long on here: stopped on here; it may have done part of its work and is neither idempotent"
                        + " nor read-only, so stepwise resume r1 will ask you to choose: stepwise resume r1 --retry long")
                .contains("--assume-done long");
        assertThat(r.out()).as("the summary table, as at a pause or a failure")
                .containsPattern("STEP\\s+HOST\\s+STATE").containsPattern("first\\s+here\\s+succeeded")
                .containsPattern("long\\s+here\\s+interrupted");
        long child = Long.parseLong(Files.readString(pid).trim());
        Await.until("the step's process " + child + " to be gone", Duration.ofSeconds(10), () -> !alive(child),
                () -> "it still runs");
        Cli.Result status = cli.run("status", "r1");
        assertThat(status.out()).contains("interrupted");
        assertThat(status.out()).containsPattern("long\\s+here\\s+interrupted");

        Cli.Result doubt = cli.run("resume", "r1", "--no-input");
        assertThat(doubt.exit()).as(doubt.all()).isEqualTo(3);
        assertThat(doubt.err()).contains("--retry long").contains("--assume-done long");
        cli.write("skip", "");
        Cli.Result done = cli.run("resume", "r1", "--no-input", "--retry", "long");
        assertThat(done.exit()).as(done.all()).isZero();
        assertThat(cli.run("report", "r1").out()).as("Ctrl-C is in the sessions (issue 9 item 16)")
                .containsPattern("\\S+ interrupted at step long \\(stopped by Ctrl-C\\)\n")
                .containsPattern("\\S+ paused at step long\n");
        assertThat(cli.run("report", "r1", "--format", "json").out()).contains("\"what\" : \"interrupted at step long");
        assertThat(lines()).containsExactly("first", "long", "last");
    }

    @Test
    void ctrlCSaysAnIdempotentStepRunsAgainAndAGateAsksAgain() throws Exception {
        cli = new Cli(dir);
        Path pid = dir.resolve("pid");
        Path proc = procedure(step("again", "    idempotent: true\n", "\"echo $$ > " + pid + "; sleep 60\""));
        Path inv = cli.localInventory();
        Cli.Running run = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        run.awaitText(pid, "\n");
        new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor();
        Cli.Result r = run.await(30);
        assertThat(r.exit()).as(r.all()).isEqualTo(130);
        assertThat(r.out()).contains("again on here: stopped on here; it is idempotent, so stepwise resume r1 runs it"
                + " again").containsPattern("again\\s+here\\s+interrupted");

        Cli gated = new Cli(Files.createDirectories(dir.resolve("gated")));
        Path gproc = gated.procedure("steps:\n  - id: gate\n    on: box\n    manual: Check the box.\n");
        Cli.Running g = gated.start("run", gproc.toString(), "-i", gated.localInventory().toString(), "--run-id",
                "r2", "--no-input", "--wait");
        Await.until("the gate to wait for a person", Await.DEFAULT, () -> {
            assertThat(g.process.isAlive()).as("the gate waits: " + g.printed()).isTrue();
            return gated.run("status", "r2").out().contains("waiting_for_person");
        }, g::printed);
        new ProcessBuilder("kill", "-INT", String.valueOf(g.process.pid())).start().waitFor();
        Cli.Result gr = g.await(30);
        assertThat(gr.exit()).as(gr.all()).isEqualTo(130);
        assertThat(gr.out()).contains("step gate waits for a person: stepwise resume r2 asks again")
                .containsPattern("gate\\s+here\\s+waiting_for_person");
        assertThat(gated.run("status").out()).as("CURRENT STEP names the step a person meets next (issue 9 item 9)")
                .containsPattern("r2\\s+demo\\s+lab\\s+interrupted\\s+gate\\s");
    }

    private static boolean alive(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s = Files.readString(stat);
        return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }
}
