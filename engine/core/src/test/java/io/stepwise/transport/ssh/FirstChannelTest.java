package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.Session;
import io.stepwise.model.Ticker;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A session's first channel open is watched (SSH_MSG_IGNOREs carry our TCP acknowledgement while it waits), only
 * the first, and the messages leave the session as usable as before: commands run on it, their output intact.
 */
class FirstChannelTest {
    @PrivateServer
    static Sshd sshd;

    @Test
    void onlyTheFirstChannelOpenOfALoginIsWatched() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            Session s = conn.session();
            FirstChannel first = FirstChannel.opening(s);
            assertThat(first).as("a session just logged in").isNotNull();
            assertThat(FirstChannel.opening(s)).as("its second channel open").isNull();
            first.opened();
            assertThat(conn.exec("echo after", Duration.ofSeconds(30), null).exitCode()).isZero();
        }
    }

    @Test
    void everyMessageSentWhileTheOpenWaitedLeavesTheSessionWorking() throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection conn = connector.connect(SshHosts.host("xop-a", sshd));
            FirstChannel first = FirstChannel.opening(conn.session());
            // never told that the open returned: it sends all its messages, then stops
            assertThat(first.sentWhenDone()).isEqualTo(6);
            Captured out = new Captured();
            assertThat(conn.exec("echo one; echo two >&2", Duration.ofSeconds(30), out).exitCode()).isZero();
            assertThat(out.out()).isEqualTo("one\n");
        }
    }

    @Test
    void aSessionNotLoggedInByTheEngineIsNotWatched() throws Exception {
        Session other = new com.jcraft.jsch.JSch().getSession("nobody", "127.0.0.1", 1);
        assertThat(FirstChannel.opening(other)).isNull();
    }
}
