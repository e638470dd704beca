package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.ChannelSubsystem;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.model.Ticker;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.OutputListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When the engine cannot know how a command ended, it says so (ConnectionLost: in doubt) instead of
 * reporting a timeout or a failure that would be retried and run the command twice.
 */
class SshInDoubtTest {
    @PrivateServer private Sshd sshd;

    @Test
    void aTimeoutWhileTheConnectionIsFrozenIsInDoubtNotTimedOut() throws Exception {
        SshSettings s = new SshSettings(sshd.user(), sshd.port(), sshd.clientKey().toString(),
                sshd.knownHosts().toString(), Duration.ofSeconds(5), Duration.ofSeconds(2), false);
        try (SshConnector own = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection c = own.connect(SshHosts.host("xop-f", s, MysqlSettings.EMPTY));
            CompletableFuture<String> started = new CompletableFuture<>();
            Future<ExecResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.exec("echo started; sleep 30", Duration.ofSeconds(3), new OutputListener() {
                        @Override
                        public void stdout(String chunk) {
                            started.complete(chunk);
                        }

                        @Override
                        public void stderr(String chunk) {
                        }
                    });
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            started.get(20, TimeUnit.SECONDS);
            sshd.freezeConnections();
            try {
                assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ConnectionLostException.class)
                        .hasMessageContaining("xop-f");
            } finally {
                sshd.killConnections();
            }
        }
    }

    @Test
    void aFailureAfterTheChannelOpenedIsNeverRetried() throws Exception {
        try (SshConnector own = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection c = own.connect(SshHosts.host("xop-g", sshd));
            AtomicInteger attempts = new AtomicInteger();
            assertThatThrownBy(() -> ChannelRetry.connect(c.session(), "xop-g", sess -> {
                attempts.incrementAndGet();
                ChannelSubsystem ch = (ChannelSubsystem) sess.openChannel("subsystem");
                ch.setSubsystem("no-such-subsystem");
                ch.setWantReply(true);
                return ch;
            }, 0, Ticker.SYSTEM)).isInstanceOf(ConnectionLostException.class).hasMessageContaining("xop-g");
            assertThat(attempts.get()).as("the request reached the server: not sent again").isEqualTo(1);
        }
    }

    @Test
    void aRefusedChannelOpenIsRetried() throws Exception {
        try (SshConnector own = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection c = own.connect(SshHosts.host("xop-h", sshd));
            var session = c.session();
            java.util.List<com.jcraft.jsch.Channel> holders = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                var h = (com.jcraft.jsch.ChannelExec) session.openChannel("exec");
                h.setCommand("sleep 1");
                h.connect();
                holders.add(h);
            }
            AtomicInteger attempts = new AtomicInteger();
            var ch = ChannelRetry.connect(session, "xop-h", sess -> {
                attempts.incrementAndGet();
                var e = (com.jcraft.jsch.ChannelExec) sess.openChannel("exec");
                e.setCommand("true");
                return e;
            }, 0, Ticker.SYSTEM);
            ch.disconnect();
            holders.forEach(com.jcraft.jsch.Channel::disconnect);
            assertThat(attempts.get()).as("refused while the first channel was open, then retried").isGreaterThan(1);
        }
    }
}
