package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The web console in a real browser: {@code stepwise serve} and {@code stepwise run} as separate processes on
 * one store, headless Chromium signing in, watching the run move, and deciding at its gate.
 */
class BrowserConsoleTest {
    static final String PROCEDURE = """
            procedure: ha-check
            title: HA check
            roles:
              box: this machine
            params:
              dir: {}
            steps:
              - id: stop-replica
                on: box
                run: echo stopping; echo '<script>alert(1)</script>'
              - id: copy-data
                on: box
                wait:
                  run: test -f {{dir}}/go && echo go
                  until: {output: go}
                  interval: 200ms
                  timeout: 60s
              - id: start-replica
                on: box
                run: echo started
              - id: verify-ha
                on: box
                manual: Open the HA page of {{host.name}} and check that both members are green.
                approvers: [ann, dan]
                evidence:
                  - title: replication
                    run: cat {{dir}}/state
              - id: clean-up
                on: box
                run: echo done
            """;

    @TempDir
    Path dir;

    private Cli cli;
    private Cli.Running serve;
    private String url;
    private String ann;
    private String bea;
    private String vic;

    @BeforeEach
    void start() throws Exception {
        cli = new Cli(dir);
        cli.write("ha-check.yaml", PROCEDURE);
        cli.localInventory();
        Files.writeString(dir.resolve("state"), "Slave_IO_Running: Yes, lag 0\n");
        ann = token(cli.run("operator", "add", "ann", "--approver"));
        bea = token(cli.run("operator", "add", "bea", "--approver"));
        vic = token(cli.run("operator", "add", "vic"));
        int port = io.stepwise.testing.Binaries.freePort();
        serve = cli.start("serve", "--listen", "127.0.0.1:" + port, "--procedures", dir.toString());
        serve.awaitOutput("stepwise console on");
        url = "http://127.0.0.1:" + port + "/";
    }

    @AfterEach
    void stop() throws Exception {
        serve.kill();
    }

    private static String token(Cli.Result r) {
        assertThat(r.exit()).as(r.all()).isZero();
        return r.out().lines().filter(l -> l.startsWith("sw_")).findFirst().orElseThrow();
    }

    private Browser browser(String name) {
        return new Browser(dir.resolve("profile-" + name), url, screenshots());
    }

    static Path screenshots() {
        return Path.of(System.getProperty("stepwise.repo", "."), "engine", "cli", "target", "screenshots");
    }

    @Test
    void anApproverWatchesTheRunLiveAndTheirConfirmReleasesTheWaitingEngine() throws Exception {
        Cli.Running engine = cli.start("run", "ha-check.yaml", "-i", "local.yaml", "-p", "dir=" + dir,
                "--run-id", "change-4711", "--no-input", "--wait");
        try (Browser b = browser("ann")) {
            b.signIn(ann);
            b.await("the run is listed", d -> d.getPageSource().contains("change-4711"));
            b.driver.findElement(By.linkText("change-4711")).click();
            b.await("copy-data is running", d -> b.find("#step-copy-data .state").getText().equals("running"));
            ((JavascriptExecutor) b.driver).executeScript("window.sameDocument = 'yes';");
            b.screenshot("run-live");
            Files.writeString(dir.resolve("go"), "go");
            b.await("the page follows the engine to the gate", d -> b.find("#run-state").getText().equals("running")
                    && !d.findElements(By.cssSelector(".gate-link")).isEmpty());
            assertThat(b.textOf("#step-copy-data .state")).isEqualTo("succeeded");
            assertThat(((JavascriptExecutor) b.driver).executeScript("return window.sameDocument")).as("no reload")
                    .isEqualTo("yes");
            String output = b.await("the output", d -> d.findElement(By.cssSelector("#step-stop-replica pre.output"))
                    .getAttribute("textContent"));
            assertThat(output).contains("<script>alert(1)</script>");

            b.find(".gate-link").click();
            assertThat(b.find("#instructions").getText()).contains("Open the HA page of here");
            assertThat(b.find("#evidence").getText()).contains("Slave_IO_Running: Yes, lag 0");
            assertThat(b.textOf("#after")).contains("An engine waits at this step");
            b.screenshot("gate");
            Files.writeString(dir.resolve("state"), "Slave_IO_Running: No, lag 312\n");
            b.find("#note").sendKeys("HA page green");
            b.find("#confirm").click();
            assertThat(b.textOf("#message")).as("the engine's verdict, on the page at once")
                    .contains("the evidence changed").contains("it is now \"Slave_IO_Running: No, lag 312\"");
            b.await("the fresh value is shown", d -> b.find("#evidence").getText().contains("lag 312"));
            b.open("/runs/change-4711");
            b.await("the refusal is in the record", d -> d.getPageSource().contains("confirm refused"));
            b.open("/runs/change-4711/steps/verify-ha");
            assertThat(engine.process.isAlive()).as("still waiting at the gate").isTrue();

            b.find("#note").sendKeys("lag 312 seen; HA page green");
            b.find("#confirm").click();
            Cli.Result done = engine.await(60);
            assertThat(done.exit()).as(done.all()).isZero();
            assertThat(done.out()).contains("ann");
            b.await("the page shows the run finished", d -> b.find("#run-state").getText().equals("finished"));
            assertThat(b.driver.getPageSource()).contains("lag 312 seen; HA page green").contains("web 127.0.0.1");
            b.screenshot("run-finished");
            b.open("/runs");
            b.screenshot("runs");
            b.open("/runs/change-4711/report");
            assertThat(b.driver.getPageSource()).contains("HA page green");
            b.screenshot("report");
        } finally {
            if (engine.process.isAlive()) {
                engine.kill();
            }
        }
    }

    @Test
    void viewersOtherApproversAndFormsWithoutTheirTokenAreRefused() throws Exception {
        Files.writeString(dir.resolve("go"), "go");
        Cli.Result paused = cli.run("run", "ha-check.yaml", "-i", "local.yaml", "-p", "dir=" + dir, "--run-id", "r2",
                "--no-input");
        assertThat(paused.exit()).as(paused.all()).isEqualTo(3);
        try (Browser b = browser("others")) {
            b.open("/runs/r2");
            assertThat(b.driver.getCurrentUrl()).as("no session: sign in").endsWith("/signin");

            b.signIn(vic);
            b.open("/runs/r2/steps/verify-ha");
            assertThat(b.textOf("#after")).contains("continue the run with stepwise resume r2");
            assertThat(b.textOf("#refusal")).contains("viewer");
            assertThat(b.driver.findElements(By.id("confirm"))).isEmpty();
            b.signOut();

            b.signIn(bea);
            b.open("/runs/r2/steps/verify-ha");
            b.find("#confirm").click();
            assertThat(b.textOf("#message")).contains("only by its approvers (ann, dan), not by bea");
            b.signOut();

            b.signIn(ann);
            b.open("/runs/r2/steps/verify-ha");
            ((JavascriptExecutor) b.driver).executeScript("document.querySelector('form.decide input[name=csrf]').remove();");
            b.find("#confirm").click();
            assertThat(b.textOf("#message")).contains("security token is missing or stale");
        }
        Cli.Result status = cli.run("report", "r2", "--format", "json");
        assertThat(status.out()).doesNotContain("\"decision\" : \"confirm\"");
    }
}
