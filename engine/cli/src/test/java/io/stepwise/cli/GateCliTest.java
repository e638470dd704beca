package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            engine.awaitOutput("waiting for a decision");
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
            engine.awaitOutput("waiting for a decision");
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
        String seen;
        int exit;
        try (Cli.Pty pty = cli.startInPty(List.of(), "run", proc.toString(), "-i", cli.localInventory().toString(),
                "--run-id", "t1")) {
            pty.await("[c]onfirm, [r]eject, [p]ause? ");
            Cli.Result confirm = cli.run("confirm", "t1", "look", "--note", "checked from the NOC");
            assertThat(confirm.exit()).as(confirm.all()).isZero();
            pty.await("run t1 finished");
            exit = pty.exit();
            seen = pty.screen();
        }
        assertThat(exit).as(seen).isZero();
        assertThat(seen).containsPattern("confirmed by " + LOGIN + " \\(cli [^)]*\\): checked from the NOC");
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
}
