package io.stepwise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The harness itself, checked with the OpenSSH client under strict host key checking. */
class SshdTest {
    @Test
    void acceptsTheClientKeyUnderStrictHostKeyChecking() throws Exception {
        try (Sshd sshd = Sshd.start()) {
            Result r = ssh(sshd, "echo hello-$SHLVL");
            assertThat(r.exit).as(r.out).isZero();
            assertThat(r.out).contains("hello-");
            assertThat(sshd.hostPublicKey("ed25519")).startsWith("ssh-ed25519 AAAA");
        }
    }

    @Test
    void killConnectionsDropsARunningSession() throws Exception {
        try (Sshd sshd = Sshd.start()) {
            Process p = sshProcess(sshd, "sleep 30");
            Await.until("the command to run on the server", Duration.ofSeconds(10),
                    () -> sshd.connectionProcesses().stream().anyMatch(h -> h.descendants()
                            .anyMatch(d -> d.info().commandLine().orElse("").contains("sleep 30"))),
                    () -> "connections: " + sshd.connectionProcesses());
            sshd.killConnections();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(255);
            assertThat(ssh(sshd, "true").exit).as("server still listens").isZero();
        }
    }

    private record Result(int exit, String out) {
    }

    private static Result ssh(Sshd sshd, String command) throws Exception {
        Process p = sshProcess(sshd, command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static Process sshProcess(Sshd sshd, String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(sshd.port()),
                "-i", sshd.clientKey().toString(), "-o", "UserKnownHostsFile=" + sshd.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                sshd.user() + "@127.0.0.1", command));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
