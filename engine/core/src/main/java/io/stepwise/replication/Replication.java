package io.stepwise.replication;

import io.stepwise.model.ReplicationOp;
import io.stepwise.transport.SqlClient;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import java.util.Map;

/** Runs a replication operation on a server, choosing the statements for its version. */
public final class Replication {
    private Replication() {
    }

    /**
     * Runs {@code op} with already-rendered {@code args} (host, port, user, password, log_file, log_pos).
     * Status-like operations return one row with the server's own columns and the normalized ones
     * (io_running, sql_running, seconds_behind, source_log_file, source_log_pos, last_error, ...).
     */
    public static SqlResult run(SqlClient sql, ReplicationOp op, Map<String, String> args) throws TransportException {
        throw new UnsupportedOperationException("replication operations are not built yet: " + op.yamlName());
    }
}
