package io.stepwise.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Host;
import io.stepwise.model.Mark;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.model.Ticker;
import io.stepwise.testing.Sshd;
import io.stepwise.text.Template;
import io.stepwise.transport.local.LocalConnector;
import io.stepwise.transport.ssh.SshConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A secret in a command never shows in any process's argv (ps), locally or on the SSH host. */
class ProcessListSecretTest {
    private static final String COMMAND = "pw={{pw}}; echo \"started ${#pw}\"; sleep 4; echo \"done $pw\" | wc -c";

    @Test
    void aLocalCommandKeepsItsSecretOutOfThePs() throws Exception {
        String secret = "it's-Secret9 " + UUID.randomUUID();
        Host h = new Host("here", null, List.of("box"), Host.Connection.LOCAL, SshSettings.EMPTY, MysqlSettings.EMPTY,
                Map.of(), Mark.NONE);
        try (LocalConnector local = new LocalConnector(MysqlSettings.EMPTY, ref -> null)) {
            HostConnection conn = local.connect(h);
            assertNotInProcessList(conn, secret);
        }
    }

    @Test
    void anSshCommandKeepsItsSecretOutOfThePs() throws Exception {
        String secret = "it's-Secret9 " + UUID.randomUUID();
        try (Sshd sshd = Sshd.start()) {
            SshSettings s = new SshSettings(sshd.user(), sshd.port(), sshd.clientKey().toString(),
                    sshd.knownHosts().toString(), Duration.ofSeconds(5), Duration.ofSeconds(5), false);
            Host h = new Host("xop-a", "127.0.0.1", List.of("box"), Host.Connection.SSH, s, MysqlSettings.EMPTY,
                    Map.of(), Mark.NONE);
            try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
                assertNotInProcessList(c.connect(h), secret);
            }
        }
    }

    private static void assertNotInProcessList(HostConnection conn, String secret) throws Exception {
        String command = Template.shell(COMMAND, n -> secret);
        StringBuilder out = new StringBuilder();
        CompletableFuture<String> started = new CompletableFuture<>();
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return conn.exec(command, Duration.ofSeconds(30), new OutputListener() {
                    @Override
                    public synchronized void stdout(String chunk) {
                        out.append(chunk);
                        if (out.toString().contains("started")) {
                            started.complete(out.toString());
                        }
                    }

                    @Override
                    public void stderr(String chunk) {
                    }
                });
            } catch (TransportException e) {
                throw new CompletionException(e);
            }
        });
        started.get(20, TimeUnit.SECONDS);
        List<String> seen = processesMentioning(secret.substring(secret.length() - 36));
        ExecResult r = running.get(30, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(out.toString()).isZero();
        assertThat(out.toString()).as("the command got the secret").contains("started " + secret.length())
                .contains(String.valueOf(("done " + secret + "\n").getBytes(StandardCharsets.UTF_8).length));
        assertThat(seen).as("processes whose argv holds the secret").isEmpty();
    }

    private static List<String> processesMentioning(String text) throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String argv = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (argv.contains(text)) {
                        hits.add(p.getFileName() + ": " + argv);
                    }
                } catch (IOException gone) {
                    // the process ended or is not ours to read
                }
            }
        }
        return hits;
    }
}
