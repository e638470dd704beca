package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.Ticker;
import io.stepwise.testing.Await;
import io.stepwise.testing.FakeClock;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reboot against a private sshd: the reboot command is replaced (never reboot the machine running
 * the tests) by one that asks the test to stop the server and start it again, as a host going down
 * and coming back.
 */
class SshRebootTest {
    @PrivateServer private Sshd sshd;

    @AfterEach
    void stop() {
        System.clearProperty(Reboot.COMMAND_PROPERTY);
    }

    /** What the host does once the engine asks for the reboot. */
    @FunctionalInterface
    private interface OnReboot {
        void run() throws InterruptedException;
    }

    /** The file the replaced reboot command touches; the command is set to touch it. */
    private Path requested() {
        Path requested = sshd.dir().resolve("reboot-requested");
        System.setProperty(Reboot.COMMAND_PROPERTY, "touch " + requested);
        return requested;
    }

    /** Does {@code host} on another thread once the engine asked for the reboot ({@code requested} exists). */
    private static CompletableFuture<Void> whenAsked(Path requested, OnReboot host) {
        return CompletableFuture.runAsync(() -> {
            try {
                Await.until("the engine to ask for the reboot", Duration.ofSeconds(20), () -> Files.exists(requested),
                        () -> "");
                host.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void rebootWaitsForTheHostToGoAwayAndComeBackThenReconnects() throws Exception {
        Path requested = requested();
        CompletableFuture<Void> host = whenAsked(requested, () -> {
            sshd.stopServer();
            Thread.sleep(1500);
            sshd.startServer();
        });
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-a", sshd));
            assertThat(conn.exec("true", Duration.ofSeconds(10), OutputListener.NONE).exitCode()).isZero();
            var before = conn.currentSession();
            long t0 = System.nanoTime();
            Captured notes = new Captured();
            conn.reboot(Duration.ofSeconds(30), notes);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            host.get(5, TimeUnit.SECONDS);
            assertThat(notes.out()).as("a plain reboot needs no explanation").isEmpty();
            assertThat(Files.exists(requested)).isTrue();
            assertThat(took).as("it waited for the host to come back").isGreaterThanOrEqualTo(1500);
            assertThat(conn.currentSession()).isNotSameAs(before);
            assertThat(conn.currentSession().isConnected()).isTrue();
            Captured out = new Captured();
            assertThat(conn.exec("echo back", Duration.ofSeconds(10), out).exitCode()).isZero();
            assertThat(out.out()).isEqualTo("back\n");
        }
    }

    @Test
    void aConnectionThatDropsWithoutARebootIsNotARebootAndFailsAtTheTimeout() throws Exception {
        String boot = sshd.bootId();
        // the host never reboots: its connections drop (a network blip) and it answers again at once
        CompletableFuture<Void> host = whenAsked(requested(), sshd::killConnections);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-a", sshd));
            assertThatThrownBy(() -> conn.reboot(Duration.ofSeconds(5), OutputListener.NONE))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("xop-a: answers SSH but has not rebooted within 5s: its boot id"
                            + " (/proc/sys/kernel/random/boot_id, or the file STEPWISE_BOOT_ID_FILE names), the start"
                            + " of its process 1 and its soft reboots are still " + boot + " ")
                    .hasMessageContaining("then resume: the reboot step runs again");
        }
        host.get(5, TimeUnit.SECONDS);
        assertThat(sshd.bootId()).isEqualTo(boot);
    }

    @Test
    void aRebootThatComesAfterADroppedConnectionIsWaitedFor() throws Exception {
        String boot = sshd.bootId();
        // the connection drops first (the host still up, same boot); the host goes down 2 s later and comes back
        CompletableFuture<Void> host = whenAsked(requested(), () -> {
            sshd.killConnections();
            Thread.sleep(2000);
            sshd.stopServer();
            Thread.sleep(1000);
            sshd.startServer();
        });
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-a", sshd));
            long t0 = System.nanoTime();
            Captured notes = new Captured();
            conn.reboot(Duration.ofSeconds(30), notes);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            host.get(5, TimeUnit.SECONDS);
            assertThat(took).as("it waited for the boot, not only for the dropped connection").isGreaterThanOrEqualTo(3000);
            assertThat(notes.out()).as("and said why it waits").startsWith("answers SSH again but has not restarted (same"
                    + " boot id " + boot + " ").contains("waiting up to 2").endsWith("s more for it to restart\n")
                    .hasLineCount(1);
            Captured out = new Captured();
            assertThat(conn.exec("cat \"$STEPWISE_BOOT_ID_FILE\"", Duration.ofSeconds(10), out).exitCode()).isZero();
            assertThat(out.out().strip()).isEqualTo(sshd.bootId()).isNotEqualTo(boot);
        }
    }

    @Test
    void aHostThatDoesNotGoDownFailsOnceTheTimeoutIsPastWithoutWaitingForIt() throws Exception {
        System.setProperty(Reboot.COMMAND_PROPERTY, "true");
        FakeClock time = new FakeClock();
        try (SshConnector c = new SshConnector(null, time)) {
            SshConnection conn = c.connect(SshHosts.host("xop-a", sshd));
            assertThatThrownBy(() -> conn.reboot(Duration.ofMinutes(1), OutputListener.NONE))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("xop-a: still connected 60s after `true` — the host did not go down");
            assertThat(time.sleeps()).as("it polled the session every 200 ms").containsOnly(Duration.ofMillis(200));
            assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).as("then gave up")
                    .isGreaterThan(Duration.ofMinutes(1)).isLessThanOrEqualTo(Duration.ofMillis(60_200));
            assertThat(conn.currentSession().isConnected()).isTrue();
        }
    }

    @Test
    void aHostThatDoesNotComeBackFailsAfterTheTimeout() throws Exception {
        CompletableFuture<Void> host = whenAsked(requested(), sshd::stopServer);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = c.connect(SshHosts.host("xop-a", sshd));
            assertThatThrownBy(() -> conn.reboot(Duration.ofSeconds(4), OutputListener.NONE))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("xop-a: did not accept SSH again within 4s");
        }
        host.get(5, TimeUnit.SECONDS);
    }
}
