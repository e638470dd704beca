package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ctrl-C (SIGINT to the engine's JVM) during a step over SSH stops the command on the host too. */
class SshInterruptCliTest {
    private Sshd sshd;

    @BeforeEach
    void start() {
        sshd = Sshd.start();
    }

    @AfterEach
    void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void ctrlCStopsTheRemoteCommandAndRecordsTheStepInterrupted() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("cli"));
        Cli cli = new Cli(dir);
        Path started = dir.resolve("started");
        Path marker = dir.resolve("marker");
        Path proc = cli.write("proc.yaml", "procedure: demo\ntitle: Demo\nroles:\n  primary: the host\nsteps:\n"
                + "  - id: slow\n    on: primary\n    run: touch " + started + "; sleep 5; touch " + marker + "\n");
        Path inv = cli.write("inv.yaml", "cluster: lab\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                + ", known_hosts: " + sshd.knownHosts() + ", use_config: false}\n");
        Cli.Running run = cli.start("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(started) && System.nanoTime() < until && run.process.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(started).as("the step started on the host").exists();
        long t0 = System.nanoTime();
        new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor();
        Cli.Result r = run.await(20);
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(r.exit()).as(r.all()).isEqualTo(130);
        assertThat(stopMillis).as("the engine stopped within a few seconds").isLessThan(4500);
        assertThat(r.out()).contains("interrupted").contains("stepwise resume r1");
        Thread.sleep(6000);
        assertThat(marker).as("the remote command was stopped before it wrote its marker").doesNotExist();
        Cli.Result status = cli.run("status", "r1");
        assertThat(status.out()).containsPattern("slow\\s+xop-a\\s+interrupted");
    }
}
