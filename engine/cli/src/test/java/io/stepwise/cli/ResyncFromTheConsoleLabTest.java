package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.stepwise.lab.Lab;
import io.stepwise.testing.Await;
import io.stepwise.testing.Binaries;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Issue 11's whole story on the lab pair: an operator runs {@code secondary-resync} in a terminal; a second
 * person signs in to the console in a browser, watches the run move, is told by a webhook that it waits at the
 * HA-page step, reads the replication evidence on the page and confirms with a note; the terminal run goes on
 * by itself and finishes; the HTML report says who confirmed, from where, and what they saw.
 */
class ResyncFromTheConsoleLabTest {
    @TempDir
    Path dir;

    @Test
    void aSecondPersonConfirmsTheHaPageFromTheBrowserAndTheTerminalRunFinishes() throws Exception {
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        Cli.Running serve = null;
        try (Lab lab = Lab.start(true)) {
            Cli cli = new Cli(dir);
            cli.env.put("STEPWISE_SECRET_REPL_PASSWORD", lab.replPassword());
            cli.env.put("STEPWISE_LAB_DIR", lab.dir().toString());
            Cli.Result added = cli.run("operator", "add", "ann", "--approver");
            assertThat(added.exit()).as(added.all()).isZero();
            String ann = added.out().lines().filter(l -> l.startsWith("sw_")).findFirst().orElseThrow();
            int port = Binaries.freePort();
            String console = "http://127.0.0.1:" + port;
            Path notify = cli.write("notify.yaml", "notify:\n  console: " + console + "\n  webhooks:\n"
                    + "    - url: http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\n");
            serve = cli.start("serve", "--listen", "127.0.0.1:" + port, "--procedures",
                    lab.root().resolve("procedures").toString());
            serve.awaitOutput("stepwise console on");

            try (Cli.Pty terminal = cli.startInPty(List.of(), "run", lab.procedure("secondary-resync").toString(),
                    "-i", lab.inventory().toString(), "--run-id", "resync-4711", "--notify", notify.toString());
                    Browser b = new Browser(dir.resolve("profile"), console + "/",
                            BrowserConsoleTest.screenshots())) {
                b.signIn(ann);
                b.await("the terminal's run is listed", d -> d.getPageSource().contains("resync-4711"));
                b.driver.findElement(By.linkText("resync-4711")).click();
                ((JavascriptExecutor) b.driver).executeScript("window.sameDocument = 'yes';");
                b.await("the dump step is seen done while the run goes on",
                        d -> b.find("#step-dump-primary .state").getText().equals("succeeded"));

                b.await("the page follows the run to the HA-page gate",
                        d -> !d.findElements(By.cssSelector(".gate-link")).isEmpty());
                assertThat(((JavascriptExecutor) b.driver).executeScript("return window.sameDocument"))
                        .as("the page moved live, without a reload").isEqualTo("yes");
                terminal.await("[c]onfirm, [r]eject, [p]ause? ");
                String waiting = Await.value("the webhook for the wait", Duration.ofSeconds(30),
                        () -> hooks.stream().filter(h -> h.contains("\"event\":\"waiting\"")).findFirst().orElse(null),
                        hooks::toString);
                assertThat(waiting).contains("ha-page", "\"link\":\"" + console + "/runs/resync-4711\"");

                b.find(".gate-link").click();
                assertThat(b.find("#instructions").getText()).contains("Open the Additions—High Availability page");
                String evidence = b.find("#evidence").getText();
                assertThat(evidence).as("replication threads and lag on the page")
                        .contains("Replication threads, lag and last errors on the secondary")
                        .containsPattern("(?i)io_running\\W+Yes").containsPattern("(?i)sql_running\\W+Yes")
                        .containsPattern("(?i)seconds_behind\\W+0");
                b.screenshot("resync-gate");
                b.find("#note").sendKeys("HA page: xop-b fully synchronized");
                b.find("#confirm").click();

                terminal.await("confirmed by ann");
                terminal.await("run resync-4711 finished");
                int exit = terminal.exit();
                String screen = terminal.screen();
                assertThat(exit).as(screen).isZero();
                assertThat(screen).containsPattern("confirmed by ann \\(web 127\\.0\\.0\\.1[^)]*\\): "
                        + "HA page: xop-b fully synchronized");
                b.open("/runs/resync-4711");
                b.await("the page shows the run finished", d -> b.find("#run-state").getText().equals("finished"));
            }
            assertThat(lab.replicaStatus()).containsEntry("Slave_IO_Running", "Yes")
                    .containsEntry("Slave_SQL_Running", "Yes");
            Await.until("the webhook for the end", Duration.ofSeconds(30),
                    () -> hooks.stream().anyMatch(h -> h.contains("\"event\":\"finished\"")), hooks::toString);

            Cli.Result report = cli.run("report", "resync-4711", "--format", "html");
            assertThat(report.exit()).as(report.all()).isZero();
            String page = report.out();
            assertThat(page).contains("ann", "web 127.0.0.1", "HA page: xop-b fully synchronized",
                    "Replication threads, lag and last errors on the secondary");
            assertThat(page).containsPattern("(?i)io_running\\W+Yes");
            assertThat(page).doesNotContain(lab.replPassword());
        } finally {
            if (serve != null) {
                serve.kill();
            }
            receiver.stop(0);
        }
    }
}
