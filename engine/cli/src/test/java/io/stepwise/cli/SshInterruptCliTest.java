package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.Await;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ctrl-C (SIGINT to the engine's JVM) during a step over SSH stops the command on the host too. */
class SshInterruptCliTest {
    @PrivateServer private Sshd sshd;

    @Test
    void ctrlCStopsTheRemoteCommandAndRecordsTheStepInterrupted() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("cli"));
        Cli cli = new Cli(dir);
        Path started = dir.resolve("started");
        Path marker = dir.resolve("marker");
        Path proc = cli.write("proc.yaml", "procedure: demo\ntitle: Demo\nroles:\n  primary: the host\nsteps:\n"
                + "  - id: slow\n    on: primary\n    run: echo $$ > " + started + "; sleep 5; touch " + marker + "\n");
        Path inv = cli.write("inv.yaml", "cluster: lab\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                + ", known_hosts: " + sshd.knownHosts() + ", use_config: false}\n");
        Cli.Running run = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        run.awaitText(started, "\n");
        long shell = Long.parseLong(Files.readString(started).trim());
        new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor();
        Cli.Result r = run.await(20);
        assertThat(r.exit()).as(r.all()).isEqualTo(130);
        assertThat(r.out()).contains("interrupted").contains("stepwise resume r1");
        // left alone, the step's shell ends after 5 s by writing the marker; stopped, it ends without
        Await.until("the step's shell " + shell + " on the host has ended", Duration.ofSeconds(30),
                () -> !ProcessHandle.of(shell).map(ProcessHandle::isAlive).orElse(false), () -> "");
        assertThat(marker).as("the remote command was stopped before it wrote its marker").doesNotExist();
        Cli.Result status = cli.run("status", "r1");
        assertThat(status.out()).containsPattern("slow\\s+xop-a\\s+interrupted");
    }
}
