package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pieces between JSch and the output listener. */
class OutputStreamsTest {
    @Test
    void aCharacterSplitAcrossPacketsIsDecodedWhole() {
        Captured c = new Captured();
        OutputSink sink = OutputSink.stdout(c, null);
        byte[] bytes = "é€😀 ok".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            sink.write(new byte[] {b}, 0, 1);
        }
        sink.close();
        assertThat(c.out()).isEqualTo("é€😀 ok");
    }

    @Test
    void closeRunsTheCallbackOnce() {
        AtomicInteger closes = new AtomicInteger();
        OutputSink sink = OutputSink.stderr(new Captured(), closes::incrementAndGet);
        sink.close();
        sink.close();
        assertThat(closes.get()).isEqualTo(1);
    }

    @Test
    void thePidLineIsTakenOutOfStderrAndTheRestPassesThrough() throws Exception {
        Captured c = new Captured();
        PidCapture p = new PidCapture(OutputSink.stderr(c, null));
        byte[] all = ("bashrc noise\n" + PidCapture.MARKER + "4242\nreal error\n").getBytes(StandardCharsets.UTF_8);
        p.write(all, 0, 5);
        p.write(all, 5, all.length - 5);
        p.close();
        assertThat(p.pid()).isEqualTo(4242);
        assertThat(c.err()).isEqualTo("bashrc noise\nreal error\n");
    }

    @Test
    void exitStatusAbove128IsTheSignal() {
        assertThat(RemoteCommand.signalOf(0)).isNull();
        assertThat(RemoteCommand.signalOf(1)).isNull();
        assertThat(RemoteCommand.signalOf(128)).isNull();
        assertThat(RemoteCommand.signalOf(137)).isEqualTo("KILL");
        assertThat(RemoteCommand.signalOf(143)).isEqualTo("TERM");
        assertThat(RemoteCommand.signalOf(130)).isEqualTo("INT");
        assertThat(RemoteCommand.signalOf(255)).isNull();
    }

    @Test
    void quotingForTheDetachedRebootSurvivesQuotes() {
        assertThat(Reboot.quote("echo 'a b'")).isEqualTo("'echo '\\''a b'\\'''");
    }
}
