package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications from a real engine process to a webhook receiver on 127.0.0.1: the inventory's notify:
 * block tells it when the run waits for a person and when it finishes; a --notify file whose receiver is
 * down changes nothing in the run; every delivery is in the report.
 */
class NotifyCliTest {
    @TempDir
    Path dir;

    private Path procedure(Cli cli, String lastRun) throws Exception {
        return cli.write("proc.yaml", "procedure: notified\ntitle: Notified\nroles:\n  box: this machine\nsteps:\n"
                + "  - id: look\n    on: box\n    manual: Check the HA page.\n"
                + "  - id: after\n    on: box\n    run: " + lastRun + "\n");
    }

    @Test
    void theWebhookHearsOfTheWaitAndTheEndAndTheReportListsTheDeliveries() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            Cli cli = new Cli(dir);
            int port = server.getAddress().getPort();
            Path inv = cli.write("inv.yaml", "cluster: lab\nhosts:\n  - {name: here, roles: [box], connection: local}\n"
                    + "notify:\n  console: http://127.0.0.1:8421\n  webhooks:\n    - url: http://127.0.0.1:" + port
                    + "/hook\n");
            Path proc = procedure(cli, "echo done");
            assertThat(cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "n1", "--no-input").exit())
                    .isEqualTo(3);
            assertThat(bodies).hasSize(1);
            assertThat(bodies.get(0)).contains("\"event\":\"waiting\"", "waits for a person at step look on here",
                    "\"link\":\"http://127.0.0.1:8421/runs/n1\"");
            assertThat(cli.run("confirm", "n1", "look").exit()).isZero();
            assertThat(cli.run("resume", "n1", "--no-input").exit()).isZero();
            assertThat(bodies).hasSize(2);
            assertThat(bodies.get(1)).contains("\"event\":\"finished\"");
            String report = cli.run("report", "n1").out();
            assertThat(report).contains("## Notifications", "waiting → webhook http://127.0.0.1:" + port
                    + "/…: delivered after 1 attempt(s)", "finished → webhook");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aReceiverThatIsDownChangesNothingInTheRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Cli cli = new Cli(dir);
        Path notify = cli.write("notify.yaml", "notify:\n  timeout: 1s\n  retries: 1\n  on: [failed, finished]\n"
                + "  webhooks:\n    - url: http://127.0.0.1:" + port + "/hook\n");
        Path proc = procedure(cli, "exit 7");
        assertThat(cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "d1",
                "--no-input", "--notify", notify.toString()).exit()).isEqualTo(3);
        assertThat(cli.run("confirm", "d1", "look").exit()).isZero();
        Cli.Result failed = cli.run("resume", "d1", "--no-input");
        assertThat(failed.exit()).as("the step's failure, not the notification's").isEqualTo(1);
        assertThat(failed.err()).contains("step after on here failed");
        String report = cli.run("report", "d1").out();
        assertThat(report).contains("failed → webhook http://127.0.0.1:" + port + "/…: **not delivered** after 2"
                + " attempt(s) (connection refused)");
    }

    @Test
    void aBrokenNotifyFileStopsTheStartBeforeAnythingRuns() throws Exception {
        Cli cli = new Cli(dir);
        Path notify = cli.write("notify.yaml", "notify:\n  on: [waitng]\n  webhooks:\n    - url: ftp://x\n");
        Cli.Result r = cli.run("run", procedure(cli, "echo x").toString(), "-i", cli.localInventory().toString(),
                "--run-id", "b1", "--notify", notify.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("notify.yaml:2:8:", "unknown event 'waitng'", "did you mean 'waiting'?",
                "expected an http:// or https:// URL with a host");
        assertThat(cli.run("status").out()).doesNotContain("b1");
    }
}
