package io.stepwise.transport;

import java.time.Duration;
import java.util.List;

/** SQL on one host's database. Values are always bound parameters, never spliced into the text. */
public interface SqlClient {
    /** Runs one statement; a result set comes back as rows, anything else as an update count. */
    SqlResult execute(String sql, List<Object> binds) throws TransportException;

    /**
     * As {@link #execute(String, List)}, but the server stops the statement after {@code timeout} (null: no
     * limit), and a {@link TransportException} says it timed out. Clients without a limit ignore it.
     */
    default SqlResult execute(String sql, List<Object> binds, Duration timeout) throws TransportException {
        return execute(sql, binds);
    }

    /**
     * Connects now rather than at the first statement (the engine does this while the run starts, so the first SQL
     * step does not wait for it). Runs no statement; a failure here is reported again by the first statement.
     */
    default void open() throws TransportException {
    }

    /** {@code SELECT VERSION()}, e.g. {@code 10.11.6-MariaDB-0+deb12u1} or {@code 8.4.2}. */
    String serverVersion() throws TransportException;
}
