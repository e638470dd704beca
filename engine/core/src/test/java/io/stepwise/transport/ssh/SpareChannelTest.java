package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Ticker;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.ExecResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The spare channel a connection keeps after each command (a shell waiting for its script): the next command runs
 * on it with its own output; none is opened while a command runs (the next shell starts after its changes); a spare
 * whose shell died is replaced without a trace; and on a server that allows two sessions, the spare gives its place
 * to the stop of a command that timed out.
 */
class SpareChannelTest {
    @PrivateServer(config = "MaxSessions 2")
    static Sshd sshd;

    /**
     * From a connection of its own: waits until the shell left waiting on the connection whose sshd process is
     * {@code sshdPid} is there (a bash child of it with no children), then runs {@code then} with its pid in $s.
     */
    private static String onTheSpareOf(String sshdPid, String then) {
        return "for i in $(seq 100); do s=$(for p in $(pgrep -P " + sshdPid + " -x bash); do"
                + " pgrep -P $p > /dev/null || echo $p; done); [ -n \"$s\" ] && break; sleep 0.1; done; " + then;
    }

    /** The pid of the sshd process that {@code conn}'s commands are children of (runs a command). */
    private static String sshdOf(SshConnection conn) throws Exception {
        Captured c = new Captured();
        conn.exec("echo $PPID", Duration.ofSeconds(30), c);
        return c.out().trim();
    }

    @Test
    void eachCommandRunsWithItsOwnOutputOnTheShellLeftWaitingByTheOneBefore() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM);
             SshConnector other = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            for (int i = 1; i <= 5; i++) {
                Captured c = new Captured();
                ExecResult r = conn.exec("echo out-" + i + "; echo err-" + i + " >&2; exit " + i,
                        Duration.ofSeconds(30), c);
                assertThat(r.exitCode()).isEqualTo(i);
                assertThat(c.out()).isEqualTo("out-" + i + "\n");
                assertThat(c.err()).isEqualTo("err-" + i + "\n");
            }
            String pid = sshdOf(conn);
            Captured c = new Captured();
            other.connect(SshHosts.host("xop-a", sshd)).exec(onTheSpareOf(pid,
                    "echo \"spare=$s\"; tr '\\0' ' ' < /proc/$s/cmdline"), Duration.ofSeconds(30), c);
            assertThat(c.out()).as("a shell waits for the next command").matches("spare=[0-9]+\nbash -s $");
        }
    }

    @Test
    void noShellWaitsWhileACommandRunsSoTheNextStartsAfterItsChanges() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            conn.exec("true", Duration.ofSeconds(30), null);
            // this command runs on the spare left by `true`; none is opened for the next one until it has ended
            Captured c = new Captured();
            conn.exec("sleep 0.5; pgrep -P $PPID -x bash | grep -cvx $$", Duration.ofSeconds(30), c);
            assertThat(c.out().trim()).isEqualTo("0");
        }
    }

    @Test
    void aSpareWhoseShellDiedIsReplacedAndTheCommandRuns() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM);
             SshConnector other = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            String pid = sshdOf(conn);
            // kill the spare shell from another connection, then give its channel's close time to arrive
            Captured killed = new Captured();
            other.connect(SshHosts.host("xop-a", sshd)).exec(onTheSpareOf(pid, "kill -KILL $s && echo killed; sleep 0.5"),
                    Duration.ofSeconds(30), killed);
            assertThat(killed.out()).isEqualTo("killed\n");
            Captured c = new Captured();
            assertThat(conn.exec("echo after", Duration.ofSeconds(30), c).exitCode()).isZero();
            assertThat(c.out()).isEqualTo("after\n");
        }
    }

    @Test
    void aTimedOutCommandIsStoppedWhenTheSpareHoldsTheServersOtherSession() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            // a long command, and beside it a short one whose end leaves a spare: the server's two sessions are
            // taken when the long one times out, and its stop needs a session
            java.util.concurrent.CompletableFuture<ExecResult> slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return conn.exec("sleep 60", Duration.ofSeconds(3), null);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Thread.sleep(500);
            assertThat(conn.exec("true", Duration.ofSeconds(30), null).exitCode()).isZero();
            ExecResult r = slow.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.timedOut()).as("stopped for certain, not in doubt").isTrue();
            assertThat(r.exitSignal()).isEqualTo("TERM");
            assertThat(conn.exec("echo still", Duration.ofSeconds(30), null).exitCode()).isZero();
        }
    }
}
