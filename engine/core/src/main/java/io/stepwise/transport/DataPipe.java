package io.stepwise.transport;

import java.io.InputStream;
import java.io.OutputStream;

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

    /** The start of what the command wrote on stderr (at most 16 KiB), trimmed. */
    String stderr();

    /** Whether the connection this pipe runs on is still up. */
    boolean connected();

    /** Stops the command if it still runs and frees its channel. */
    @Override
    void close();
}
