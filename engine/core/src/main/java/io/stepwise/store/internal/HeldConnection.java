package io.stepwise.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * One SQLite connection kept open for the store's lifetime and handed to jdbi for every operation.
 *
 * <p>Opening a connection per transaction is slow on SQLite in WAL mode: when the last connection to
 * the database closes, SQLite checkpoints the WAL into the database file and deletes it, so every
 * write paid for an open, a checkpoint and extra fsyncs. Held open, a commit is one append to the WAL
 * and its fsync ({@code synchronous=FULL}); SQLite checkpoints on its own when the WAL grows.
 *
 * <p>Not thread-safe by itself: {@link JdbiRunStore} serializes every operation on its lock, so one
 * transaction at a time uses the connection. A connection found closed (after an I/O error) is
 * opened again on next use.
 */
final class HeldConnection implements ConnectionFactory {
    /** Opens a new connection with the store's settings. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private Connection connection;

    HeldConnection(Opener opener) {
        this.opener = opener;
    }

    @Override
    public synchronized Connection openConnection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = opener.open();
        }
        return connection;
    }

    /** jdbi is done with the connection for one operation: it stays open for the next. */
    @Override
    public void closeConnection(Connection toClose) {
        // kept open until close()
    }

    /** Closes the connection (SQLite then checkpoints the WAL into the database file). */
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing at exit: the WAL stays and is replayed by the next open
            }
            connection = null;
        }
    }
}
