package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual steps answered from another process: an engine waiting at a gate (with --wait, or at its terminal
 * prompt) goes on when another shell's {@code stepwise confirm} records the decision; approvers and
 * {@code --as} are checked; a confirm whose evidence changed before the engine acted on it is refused.
 */
class GateCliTest {
    private static final String LOGIN = System.getProperty("user.name");

    @TempDir
    Path dir;

    private Cli cli;

    private Path procedure(String gate) throws Exception {
        return cli.write("proc.yaml", "procedure: gate\ntitle: Gate\nroles:\n  box: this machine\nsteps:\n"
                + "  - id: look\n    on: box\n    manual: Check the HA page.\n" + gate
                + "  - id: after\n    on: box\n    run: echo after\n");
    }

    @Test
    void anEngineWaitingWithoutATerminalGoesOnWhenAnotherShellConfirms() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure("");
        Cli.Running engine = cli.start("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "w1",
                "--no-input", "--wait");
        try {
            awaitText(engine.out, "waiting for a decision");
            assertThat(engine.process.isAlive()).isTrue();
            Cli.Result confirm = cli.run("confirm", "w1", "look", "--note", "page is green");
            assertThat(confirm.exit()).as(confirm.all()).isZero();
            assertThat(confirm.out()).contains("The engine waiting at the step went on");
            Cli.Result r = engine.await(60);
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.out()).containsPattern("confirmed by " + LOGIN + " \\(cli [^)]*\\): page is green")
                    .contains("run w1 finished");
        } finally {
            engine.kill();
        }
    }

    @Test
    void aConfirmFromAnotherShellIsRefusedAtOnceWhenTheWaitingEngineSeesTheEvidenceChanged() throws Exception {
        cli = new Cli(dir);
        Path lag = cli.write("lag.txt", "lag=0\n");
        Path proc = procedure("    evidence:\n      - title: Replication lag\n        run: cat " + lag + "\n");
        Cli.Running engine = cli.start("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "w2",
                "--no-input", "--wait");
        try {
            awaitText(engine.out, "waiting for a decision");
            Files.writeString(lag, "lag=3600\n"); // after it was shown, before the decision
            Cli.Result refused = cli.run("confirm", "w2", "look");
            assertThat(refused.exit()).as(refused.all()).isEqualTo(4);
            assertThat(refused.err()).contains("refused the decision", "you saw \"lag=0\", it is now \"lag=3600\"");
            assertThat(engine.process.isAlive()).as("still waiting").isTrue();
            Cli.Result again = cli.run("confirm", "w2", "look", "--note", "lag explained");
            assertThat(again.exit()).as(again.all()).isZero();
            Cli.Result r = engine.await(60);
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.out()).contains("evidence Replication lag (here): lag=3600", "run w2 finished");
        } finally {
            engine.kill();
        }
    }

    @Test
    void withoutWaitNoInputStillPausesWithTheResumeCommand() throws Exception {
        cli = new Cli(dir);
        Cli.Result r = cli.run("run", procedure("").toString(), "-i", cli.localInventory().toString(), "--run-id", "p1",
                "--no-input");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.all()).contains("stepwise confirm p1 look", "stepwise resume p1");
    }

    @Test
    void aTerminalPromptIsReleasedByAConfirmFromAnotherShellAndSaysWhoDecided() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure("");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path")
                + " io.stepwise.cli.Main run " + proc + " -i " + cli.localInventory() + " --run-id t1";
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(cli.env);
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        try (OutputStream in = p.getOutputStream(); InputStream out = p.getInputStream()) {
            read(out, seen, "[c]onfirm, [r]eject, [p]ause? ");
            Cli.Result confirm = cli.run("confirm", "t1", "look", "--note", "checked from the NOC");
            assertThat(confirm.exit()).as(confirm.all()).isZero();
            read(out, seen, "run t1 finished");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(seen.toString()).isZero();
        assertThat(seen.toString()).containsPattern("confirmed by " + LOGIN + " \\(cli [^)]*\\): checked from the NOC");
    }

    @Test
    void onlyAnApproverConfirmsAndOnlyUnderTheirOwnLogin() throws Exception {
        cli = new Cli(dir);
        Path proc = procedure("    approvers: [" + LOGIN + ", bob]\n");
        assertThat(cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "a1",
                "--no-input").exit()).isEqualTo(3);
        Cli.Result asBob = cli.run("confirm", "a1", "look", "--as", "bob");
        assertThat(asBob.exit()).as(asBob.all()).isEqualTo(4);
        assertThat(asBob.err()).contains("under your own login (" + LOGIN + "), not as bob");
        assertThat(cli.run("reject", "a1", "look", "--as", "carol", "--note", "not yet").exit())
                .as("a reject is open to anyone").isZero();
        assertThat(cli.run("resume", "a1", "--no-input").exit()).isEqualTo(1);
        Cli.Result again = cli.run("resume", "a1", "--no-input");
        assertThat(again.exit()).isEqualTo(3);
        Cli.Result mine = cli.run("confirm", "a1", "look", "--note", "fine now");
        assertThat(mine.exit()).as(mine.all()).isZero();
        assertThat(cli.run("resume", "a1", "--no-input").exit()).isZero();
    }

    @Test
    void aConfirmIsRefusedWhenTheEvidenceChangedBeforeTheEngineActedOnIt() throws Exception {
        cli = new Cli(dir);
        Path lag = cli.write("lag.txt", "lag=0\n");
        Path proc = procedure("    evidence:\n      - title: Replication lag\n        run: cat " + lag + "\n");
        Cli.Result paused = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "e1",
                "--no-input");
        assertThat(paused.exit()).isEqualTo(3);
        assertThat(paused.out()).contains("evidence Replication lag (here): lag=0");
        assertThat(cli.run("status", "e1").out()).contains("waiting for a person: look on here", "| Check the HA page.",
                "evidence Replication lag (here): lag=0", "answer: stepwise confirm e1 look");
        Cli.Result confirm = cli.run("confirm", "e1", "look");
        assertThat(confirm.exit()).isZero();
        assertThat(confirm.out()).contains("evidence Replication lag (here): lag=0");
        Files.writeString(lag, "lag=3600\n");
        Cli.Result refused = cli.run("resume", "e1", "--no-input");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(3);
        assertThat(refused.all()).contains("was refused", "you saw \"lag=0\", it is now \"lag=3600\"",
                "evidence Replication lag (here): lag=3600");
        assertThat(cli.run("confirm", "e1", "look", "--note", "lag is known: backup").exit()).isZero();
        assertThat(cli.run("resume", "e1", "--no-input").exit()).isZero();
        String report = cli.run("report", "e1").out();
        assertThat(report).contains("lag=3600", "lag is known: backup");
    }

    private static void awaitText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(file).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within 60s: " + Files.readString(file));
            }
            Thread.sleep(20);
        }
    }

    private static void read(InputStream out, StringBuilder seen, String until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        byte[] buf = new byte[4096];
        while (!seen.toString().contains(until)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + until + "' within 60s; screen:\n" + seen);
            }
            if (out.available() > 0) {
                int n = out.read(buf);
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8).replace("\r", ""));
            } else {
                Thread.sleep(20);
            }
        }
    }
}
