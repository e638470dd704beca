package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.Session;
import io.stepwise.model.Ticker;
import io.stepwise.testing.FakeClock;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A channel the server refuses (sshd's MaxSessions reached) is retried with growing pauses, until the
 * deadline or the attempts run out, and then refused with the likely cause; on a fake clock, so the
 * retries are checked without sleeping.
 */
class ChannelRetryTest {
    @PrivateServer(config = "MaxSessions 1")
    static Sshd sshd;

    /** One connection whose only session slot is taken by a command that runs for the whole test. */
    private static <T> T withTheOnlySlotTaken(Call<T> call) throws Exception {
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            Session s = connector.connect(SshHosts.host("xop-a", sshd)).session();
            ChannelExec held = (ChannelExec) s.openChannel("exec");
            held.setCommand("sleep 60");
            held.connect(10_000);
            try {
                return call.on(s);
            } finally {
                held.disconnect();
            }
        }
    }

    private interface Call<T> {
        T on(Session s) throws Exception;
    }

    private static ChannelExec exec(Session s) throws com.jcraft.jsch.JSchException {
        return (ChannelExec) s.openChannel("exec");
    }

    @Test
    void aChannelJschCouldNotOpenIsASessionDownNotANullChannel() throws Exception {
        // Session.openChannel swallows its failure and returns null (it did in CI when a connection was
        // killed between two commands); an unknown type takes the same path on a healthy session
        try (SshConnector connector = new SshConnector(null, Ticker.SYSTEM)) {
            Session s = connector.connect(SshHosts.host("xop-a", sshd)).session();
            assertThat(s.openChannel("no-such-type")).as("JSch's own behaviour this guards against").isNull();
            assertThatThrownBy(() -> ChannelRetry.open(s, "no-such-type"))
                    .isInstanceOf(com.jcraft.jsch.JSchException.class)
                    .hasMessageContaining("session is down");
            assertThatThrownBy(() -> ChannelRetry.connect(s, "xop-a", sess -> ChannelRetry.open(sess, "no-such-type"),
                    1_000, Ticker.SYSTEM))
                    .as("the caller reopens the connection on this, as for any dropped session")
                    .isInstanceOf(SessionDownException.class);
        }
    }

    @Test
    void aRefusedChannelIsRetriedWithGrowingPausesUntilTheDeadlineThenRefusedNamingMaxSessions() throws Exception {
        FakeClock time = new FakeClock();
        withTheOnlySlotTaken(s -> {
            assertThatThrownBy(() -> ChannelRetry.connect(s, "xop-a", ChannelRetryTest::exec, 100, time))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("xop-a: the server refused a new channel")
                    .hasMessageContaining("MaxSessions");
            return null;
        });
        assertThat(time.sleeps()).as("10 ms more each time; the 150 ms reached after the fifth pause is past 100 ms")
                .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30),
                        Duration.ofMillis(40), Duration.ofMillis(50));
    }

    @Test
    void withoutADeadlineARefusedChannelIsTriedTwentyTimes() throws Exception {
        FakeClock time = new FakeClock();
        withTheOnlySlotTaken(s -> {
            assertThatThrownBy(() -> ChannelRetry.connect(s, "xop-a", ChannelRetryTest::exec, 0, time))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("the server refused a new channel");
            return null;
        });
        List<Duration> growing = IntStream.rangeClosed(1, 20).mapToObj(i -> Duration.ofMillis(10L * i)).toList();
        assertThat(time.sleeps()).isEqualTo(growing);
    }
}
