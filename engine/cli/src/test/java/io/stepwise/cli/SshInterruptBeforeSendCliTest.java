package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the moment between a step's start and its shell reporting its process group. A BASH_ENV that sleeps
 * makes that moment a second long here (on a host far away it is a round trip at every step's start).
 */
class SshInterruptBeforeSendCliTest {
    @TempDir Path tmp;

    /** An sshd whose shells sleep 0.5 s before reading anything (twice for Stepwise's: sshd's bash -c, then bash -s). */
    private Sshd slowShells() throws Exception {
        Path slow = tmp.resolve("slow.sh");
        // not the stop's own kill script, which must stay quick
        Files.writeString(slow, "case \"${BASH_EXECUTION_STRING-}\" in *kill*) ;; *) sleep 0.5 ;; esac\n");
        return Sshd.start(List.of("SetEnv SHLVL=1 BASH_ENV=" + slow));
    }

    private static Path inventory(Cli cli, Sshd sshd) throws Exception {
        return cli.write("inv.yaml", "cluster: lab\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                + ", known_hosts: " + sshd.knownHosts() + ", use_config: false}\n");
    }

    /**
     * Runs a procedure of {@code steps} (YAML flow mappings on role primary) as run r1 and sends it SIGINT 0.3 s
     * after {@code header} is printed.
     */
    private static Cli.Result interrupted(Sshd sshd, Cli cli, String header, String... steps) throws Exception {
        StringBuilder proc = new StringBuilder("procedure: demo\ntitle: Demo\nroles:\n  primary: the host\nsteps:\n");
        for (String step : steps) {
            proc.append("  - ").append(step).append('\n');
        }
        Cli.Running run = cli.start("run", cli.write("proc.yaml", proc.toString()).toString(), "-i",
                inventory(cli, sshd).toString(), "--run-id", "r1", "--no-input");
        run.awaitOutput(header);
        Thread.sleep(300);
        new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor();
        return run.await(20);
    }

    @Test
    void ctrlCBeforeTheCommandWasSentRecordsThatItDidNotRunAndResumeRunsIt() throws Exception {
        try (Sshd sshd = slowShells()) {
            Path dir = Files.createDirectories(sshd.dir().resolve("cli"));
            Cli cli = new Cli(dir);
            Path first = dir.resolve("first");
            Path second = dir.resolve("second");
            // the second step goes out on the shell made ready when the first ended: it is sent only once that shell
            // has said its process group, a second later
            Cli.Result r = interrupted(sshd, cli, "[2/2] second", "{id: first, on: primary, run: touch " + first + "}",
                    "{id: second, on: primary, run: touch " + second + "}");
            assertThat(r.exit()).as(r.all()).isEqualTo(130);
            assertThat(r.out()).as(r.all()).contains("second on xop-a: its command had not been sent to xop-a, so it did"
                    + " not run; stepwise resume r1 runs it");
            Thread.sleep(2000); // longer than the shell took to answer: a command sent after all would have run
            assertThat(first).exists();
            assertThat(second).as("the command Ctrl-C caught before it was sent").doesNotExist();
            assertThat(cli.run("status", "r1").out()).containsPattern("second\\s+xop-a\\s+interrupted");

            Cli.Result resumed = cli.run("resume", "r1", "--no-input");
            assertThat(resumed.exit()).as(resumed.all()).isZero();
            assertThat(resumed.out()).doesNotContain("--retry").doesNotContain("in doubt");
            assertThat(second).exists();
        }
    }

    @Test
    void ctrlCRightAfterTheCommandWasSentWaitsForItsProcessGroupAndStopsIt() throws Exception {
        try (Sshd sshd = slowShells()) {
            Path dir = Files.createDirectories(sshd.dir().resolve("cli"));
            Cli cli = new Cli(dir);
            Path marker = dir.resolve("marker");
            // 0.3 s after the step's start its script is sent and its shell still in BASH_ENV's sleep: no process
            // group known yet
            Cli.Result r = interrupted(sshd, cli, "[1/1] only", "{id: only, on: primary, run: sleep 2; touch " + marker
                    + "}");
            assertThat(r.exit()).as(r.all()).isEqualTo(130);
            assertThat(r.out()).as(r.all()).contains("only on xop-a: stopped on xop-a").doesNotContain("in doubt");
            Thread.sleep(3000); // the command would have written its marker by now
            assertThat(marker).as("the command stopped on the host").doesNotExist();
            assertThat(cli.run("status", "r1").out()).containsPattern("only\\s+xop-a\\s+interrupted");
        }
    }
}
