package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Host;
import io.stepwise.model.Mark;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.Plan;
import io.stepwise.model.SshSettings;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.store.RunInfo;
import io.stepwise.testing.Await;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.ssh.SshConnector;
import io.stepwise.view.Screen;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Steps on a host reached over a real sshd: what the runner makes of transport faults. */
class SshStepsTest {
    @PrivateServer private Sshd sshd;

    private Fixture fixture(Path knownHosts, Duration keepalive) {
        Fixture f = new Fixture();
        f.clock = Clock.systemUTC();
        f.ticker = Ticker.SYSTEM;
        SshSettings ssh = new SshSettings(sshd.user(), sshd.port(), sshd.clientKey().toString(), knownHosts.toString(),
                Duration.ofSeconds(5), keepalive, false);
        f.hosts.add(new Host("xop-a", "127.0.0.1", List.of("db"), Host.Connection.SSH, ssh, MysqlSettings.EMPTY,
                Map.of(), Mark.NONE));
        return f;
    }

    private static Runner.Result run(Fixture f, Plan plan) throws Exception {
        if (f.store.run("r1").isEmpty()) {
            f.store.createRun(new RunInfo("r1", "test", "c1", "test.yaml", "inv.yaml", "tester", f.clock.instant(),
                    Map.of(), "", "", Map.of()));
        }
        Screen screen = new Screen(new PrintWriter(f.screenText, true), f.secrets);
        Ledger ledger = Ledger.load(f.store, "r1", f.clock, f.secrets);
        try (SshConnector c = new SshConnector(null, f.ticker, "inv.yaml", null)) {
            return new Runner(plan, f.store, ledger, c, f.operator, screen, f.clock, f.ticker).run(Runner.Options.NONE);
        }
    }

    @Test
    void aTimeoutOnAFrozenConnectionIsInDoubtAndNotRetried() throws Exception {
        Fixture f = fixture(sshd.knownHosts(), Duration.ofSeconds(2));
        Path log = sshd.dir().resolve("started.log");
        Plan plan = f.plan(StepBuilder.shell("slow", "echo started >> " + log + "; sleep 20")
                .timeout(Duration.ofSeconds(3)).retries(1, Duration.ofMillis(100)).build());
        Future<Runner.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run(f, plan);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Await.until("the step to start on the host", Duration.ofSeconds(20),
                () -> Files.exists(log) && Files.readString(log).contains("started"), f.screenText::toString);
        sshd.freezeConnections();
        Runner.Result r;
        try {
            r = running.get(90, TimeUnit.SECONDS);
        } finally {
            sshd.killConnections();
        }
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.PAUSED);
        assertThat(f.state("slow", "xop-a")).isEqualTo(StepState.IN_DOUBT);
        assertThat(Files.readAllLines(log)).as("started once, never retried").containsExactly("started");
        assertThat(f.screenText.toString()).doesNotContain("retrying").doesNotContain("timed out after");
    }

    @Test
    void anUnknownHostKeyIsNeverRetriedAndStopsTheRunAsRefused() throws Exception {
        Path empty = Files.writeString(sshd.dir().resolve("empty_known_hosts"), "");
        Fixture f = fixture(empty, Duration.ofSeconds(5));
        Path ran = sshd.dir().resolve("ran");
        Runner.Result r = run(f, f.plan(StepBuilder.shell("first", "touch " + ran)
                .retries(2, Duration.ofMillis(10)).build()));
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.REFUSED);
        assertThat(r.message()).contains("unknown host key for xop-a").contains("stepwise trust")
                .doesNotContain("--assume-done");
        assertThat(f.screenText.toString()).doesNotContain("retrying");
        assertThat(ran).doesNotExist();
        assertThat(f.ledger().attempt(new StepKey("first", "xop-a"))).as("one attempt, no retry").isEqualTo(1);
    }

    @Test
    void aChangedHostKeyIsNeverRetriedAndWarnsOfAManInTheMiddle() throws Exception {
        String ecdsa = sshd.hostPublicKey("ecdsa").split(" ")[1];
        Path kh = Files.writeString(sshd.dir().resolve("changed_known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + otherEd25519() + "\n");
        Fixture f = fixture(kh, Duration.ofSeconds(5));
        Runner.Result r = run(f, f.plan(StepBuilder.shell("first", "true").retries(2, Duration.ofMillis(10)).build()));
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.message()).contains("HOST KEY CHANGED").contains("man-in-the-middle")
                .doesNotContain("--assume-done").doesNotContain(ecdsa);
        assertThat(f.screenText.toString()).doesNotContain("retrying");
    }

    private String otherEd25519() throws Exception {
        Path other = sshd.dir().resolve("other_key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor();
        return Files.readString(Path.of(other + ".pub")).trim().split("\\s+")[1];
    }
}
