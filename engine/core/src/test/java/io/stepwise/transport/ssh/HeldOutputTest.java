package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Output that came before a command was chosen reaches that command's stream first, in order, and a close with it. */
class HeldOutputTest {
    /** A stream that remembers whether it was closed. */
    private static final class Target extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void whatCameBeforeTheBindComesFirstThenTheRest() throws IOException {
        HeldOutput held = new HeldOutput();
        held.write("greeting\n".getBytes(StandardCharsets.UTF_8));
        Target t = new Target();
        held.bind(t);
        held.write("step output\n".getBytes(StandardCharsets.UTF_8));
        assertThat(t.toString(StandardCharsets.UTF_8)).isEqualTo("greeting\nstep output\n");
        assertThat(t.closed).isFalse();
        held.close();
        assertThat(t.closed).isTrue();
        assertThat(held.closed()).isTrue();
    }

    @Test
    void aCloseBeforeTheBindIsPassedOnAtTheBind() throws IOException {
        HeldOutput held = new HeldOutput();
        held.write('x');
        held.close();
        assertThat(held.closed()).as("the shell waiting for a script is gone").isTrue();
        Target t = new Target();
        held.bind(t);
        assertThat(t.toString(StandardCharsets.UTF_8)).isEqualTo("x");
        assertThat(t.closed).isTrue();
    }
}
