package io.stepwise.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** An open connection to one host. Implementations must be safe to use from several threads. */
public interface HostConnection {
    /** The host's inventory name. */
    String hostName();

    /**
     * Opens the connection now instead of at its first use (the engine opens all of a run's hosts at once when
     * it starts, so their logins overlap). Never throws: a failure is reported by the first use.
     */
    default void open() {
    }

    /**
     * Runs a shell command and streams its output to {@code listener} as it arrives.
     *
     * @param timeout null for none; when it passes the whole remote process tree is stopped and
     *                {@link ExecResult#timedOut()} is true
     * @throws ConnectionLostException when the connection drops while the command runs: its outcome
     *                                 is unknown and the step is in doubt
     */
    ExecResult exec(String command, Duration timeout, OutputListener listener) throws TransportException;

    /** The host's database, opened lazily and reused; {@code database} is the default schema (may be null). */
    SqlClient sql(String database) throws TransportException;

    /** Opens a file on the host for reading (copy source). */
    InputStream openRead(String path) throws TransportException;

    /** Opens a file on the host for writing, creating or truncating it; {@code mode} like "0644" or null. */
    OutputStream openWrite(String path, String mode) throws TransportException;

    /**
     * Starts {@code command} (a shell command line) with raw byte streams for stdin and stdout, for file
     * transfers; see {@link DataPipe}.
     */
    DataPipe pipe(String command) throws TransportException;

    /** The file's permission bits as octal ("0644"), for copies that preserve the mode. */
    String mode(String path) throws TransportException;

    /**
     * Reboots the host and returns once it accepts connections again; throws if not within {@code timeout}. It tells
     * {@code notes} (as lines on its {@code stdout}) what it waits for when that is not the plain going down and
     * coming back (a host that answers again without having restarted).
     */
    void reboot(Duration timeout, OutputListener notes) throws TransportException;
}
