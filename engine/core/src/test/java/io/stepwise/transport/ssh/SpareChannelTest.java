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
 * on it with its own output; a spare whose shell died is replaced without a trace; and on a server that allows two
 * sessions, the spare gives its place to the stop of a command that timed out.
 */
class SpareChannelTest {
    @PrivateServer(config = "MaxSessions 2")
    static Sshd sshd;

    /**
     * A command (it runs on the spare left by the one before) that waits for the next spare, the other shell of the
     * same SSH connection (a child of the same sshd process, with no children), then runs {@code then} with its pid
     * in $s.
     */
    private static String withTheNextSpare(String then) {
        return "for i in $(seq 100); do s=$(for p in $(pgrep -P $PPID -x bash | grep -vx $$); do"
                + " pgrep -P $p > /dev/null || echo $p; done); [ -n \"$s\" ] && break; sleep 0.1; done; " + then;
    }

    @Test
    void eachCommandRunsWithItsOwnOutputOnTheShellLeftWaitingByTheOneBefore() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            for (int i = 1; i <= 5; i++) {
                Captured c = new Captured();
                ExecResult r = conn.exec("echo out-" + i + "; echo err-" + i + " >&2; exit " + i,
                        Duration.ofSeconds(30), c);
                assertThat(r.exitCode()).isEqualTo(i);
                assertThat(c.out()).isEqualTo("out-" + i + "\n");
                assertThat(c.err()).isEqualTo("err-" + i + "\n");
            }
            Captured c = new Captured();
            conn.exec(withTheNextSpare("echo \"spare=$s\"; tr '\\0' ' ' < /proc/$s/cmdline"), Duration.ofSeconds(30), c);
            assertThat(c.out()).as("a shell waits for the next command").matches("spare=[0-9]+\nbash -s $");
        }
    }

    @Test
    void aSpareWhoseShellDiedIsReplacedAndTheCommandRuns() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            // kill the spare shell from another command, then give its channel's close time to arrive
            Captured killed = new Captured();
            conn.exec(withTheNextSpare("kill -KILL $s && echo killed; sleep 0.5"), Duration.ofSeconds(30), killed);
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
            conn.exec("true", Duration.ofSeconds(30), null);
            Thread.sleep(300); // sshd counts that command's closed session until it has cleaned it up
            // runs on the spare and leaves a new one: the server's two sessions are taken while it sleeps
            ExecResult r = conn.exec("sleep 60", Duration.ofSeconds(1), null);
            assertThat(r.timedOut()).as("stopped for certain, not in doubt").isTrue();
            assertThat(r.exitSignal()).isEqualTo("TERM");
            assertThat(conn.exec("echo still", Duration.ofSeconds(30), null).exitCode()).isZero();
        }
    }
}
