package io.stepwise.transport;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A command on a host whose stdin and stdout are raw byte streams, for moving file contents at the speed of
 * the connection (a copy's {@code cat} on either end). Close it in every case: it frees the channel and stops
 * the command if it still runs.
 *
 * <p>A stream that fails, or a stdout that ends early, because the connection dropped is told apart by
 * {@link #exitStatus()}: it then throws {@link ConnectionLostException}.
 */
public interface DataPipe extends AutoCloseable {
    /** The command's stdout. */
    InputStream stdout();

    /** The command's stdin; closing it sends end-of-file. */
    OutputStream stdin();

    /**
     * Sends end-of-file on stdin (if not done yet), waits for the command to end and returns its exit status.
     *
     * @throws ConnectionLostException when the connection dropped before the status arrived
     */
    int exitStatus() throws TransportException;

    /** The start of what the command wrote on stderr (at most {@link StderrBuffer#MAX} bytes), trimmed. */
    String stderr();

    /** Whether the connection this pipe runs on is still up. */
    boolean connected();

    /** Stops the command if it still runs and frees its channel. */
    @Override
    void close();

    /** Where a pipe collects its command's stderr: the first {@link #MAX} bytes are kept, the rest dropped. */
    final class StderrBuffer extends OutputStream {
        /** What a pipe keeps of its command's stderr: 16 KiB. */
        public static final int MAX = 16 * 1024;

        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (kept.size() < MAX) {
                kept.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = MAX - kept.size();
            if (room > 0) {
                kept.write(b, off, Math.min(room, len));
            }
        }

        /** What was kept, as text, trimmed: {@link DataPipe#stderr()}. */
        public synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8).trim();
        }
    }
}
