package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.Await;
import io.stepwise.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C that cannot reach the host (its connection frozen: the per-connection sshd is SIGSTOPped) leaves the
 * step in doubt with the remote process group recorded; resume checks over a fresh connection that the old
 * command has ended before it runs anything there, and refuses while it still runs.
 */
class FrozenInterruptCliTest {
    private Sshd sshd;
    private List<ProcessHandle> frozen = List.of();

    @BeforeEach
    void start() {
        sshd = Sshd.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (ProcessHandle p : frozen) {
            new ProcessBuilder("kill", "-CONT", String.valueOf(p.pid())).start().waitFor();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void ctrlCOnAFrozenConnectionIsInDoubtAndResumeWaitsUntilTheOldCommandHasEnded() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("cli"));
        Cli cli = new Cli(dir);
        Path starts = dir.resolve("starts");
        Path marker = dir.resolve("marker");
        Path release = dir.resolve("release");
        Path proc = cli.write("proc.yaml", "procedure: demo\ntitle: Demo\nroles:\n  primary: the host\nsteps:\n"
                + "  - id: slow\n    on: primary\n    idempotent: true\n"
                + "    run: echo started >> " + starts + "; while [ ! -e " + release + " ]; do sleep 0.1; done; touch "
                + marker + "\n");
        Path inv = cli.write("inv.yaml", "cluster: lab\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                + ", known_hosts: " + sshd.knownHosts() + ", use_config: false}\n");
        Cli.Running run = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        run.awaitText(starts, "");
        frozen = sshd.connectionProcesses();
        sshd.freezeConnections();
        new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor();
        Cli.Result r = run.await(30);
        assertThat(r.exit()).as(r.all()).isEqualTo(130);
        assertThat(r.out()).contains("could not stop").contains("in doubt").contains("xop-a");
        Matcher m = Pattern.compile("pid (\\d+)").matcher(r.out());
        assertThat(m.find()).as("the remote process group is named: " + r.out()).isTrue();
        long pid = Long.parseLong(m.group(1));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid " + pid + " is the command still running on the host").isTrue();
        assertThat(cli.run("status", "r1").out()).containsPattern("slow\\s+xop-a\\s+in_doubt");

        Cli.Result refused = cli.run("resume", "r1", "--no-input");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(3);
        assertThat(refused.all()).contains("the earlier command (pid " + pid + ") on xop-a is still running")
                .contains("kill -TERM -- -" + pid);
        assertThat(Files.readAllLines(starts)).as("no second copy was started beside it").hasSize(1);

        Files.writeString(release, "");
        Await.until("the old command's process group " + pid + " to end once released", Duration.ofSeconds(30),
                () -> !groupRuns(pid), () -> "");
        assertThat(marker).as("the old command ended").exists();
        assertThat(groupRuns(pid)).isFalse();
        Cli.Result resumed = cli.run("resume", "r1", "--no-input");
        assertThat(resumed.out()).contains("the earlier command (pid " + pid + ") on xop-a has ended");
        assertThat(resumed.exit()).as(resumed.all()).isEqualTo(0);
        assertThat(Files.readAllLines(starts)).hasSize(2);
    }

    /** Whether a process of group {@code pgid} other than a zombie exists (the frozen sshd cannot reap its child). */
    private static boolean groupRuns(long pgid) throws Exception {
        Process ps = new ProcessBuilder("ps", "-e", "-o", "pgid=,stat=").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes());
        ps.waitFor();
        return out.lines().map(String::trim).map(l -> l.split("\\s+"))
                .anyMatch(f -> f.length >= 2 && f[0].equals(String.valueOf(pgid)) && !f[1].startsWith("Z"));
    }
}
