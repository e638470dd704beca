package io.stepwise.replication;

import io.stepwise.model.ReplicationOp;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.SqlClient;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a replication operation on a server, choosing the statements for its version ({@link Dialect}).
 * <ul>
 *   <li>{@code source-position}: one row with the server's columns ({@code File}, {@code Position}, ...) and
 *       {@code file}, {@code position}; binary logging off is an error.</li>
 *   <li>{@code status}: one row, see {@link ReplicaStatus} (a server that is not a replica answers
 *       {@code configured=no}).</li>
 *   <li>{@code start}, {@code stop}, {@code reset}: the statement, no rows.</li>
 *   <li>{@code change-source}: host, port, user, password, log_file, log_pos; see {@link ChangeSource} for why
 *       these values are quoted rather than bound. The password never appears in an error message.</li>
 * </ul>
 */
public final class Replication {
    private Replication() {
    }

    /**
     * Runs {@code op} with already-rendered {@code args} (host, port, user, password, log_file, log_pos).
     * Status-like operations return one row with the server's own columns and the normalized ones
     * (io_running, sql_running, seconds_behind, source_log_file, exec_source_log_pos, last_error, ...).
     */
    public static SqlResult run(SqlClient sql, ReplicationOp op, Map<String, String> args) throws TransportException {
        Dialect dialect = Dialect.forVersion(sql.serverVersion());
        Map<String, String> given = args == null ? Map.of() : args;
        if (op != ReplicationOp.CHANGE_SOURCE && !given.isEmpty()) {
            throw new ReplicationArgumentException("replication " + op.yamlName() + " takes no arguments, got "
                    + given.keySet() + "; only change-source takes host, port, user, password, log_file, log_pos");
        }
        return switch (op) {
            case STATUS -> ReplicaStatus.normalize(sql.execute(dialect.showStatus(), List.of()));
            case SOURCE_POSITION -> sourcePosition(sql, dialect);
            case START -> sql.execute(dialect.start(), List.of());
            case STOP -> sql.execute(dialect.stop(), List.of());
            case RESET -> sql.execute(dialect.reset(), List.of());
            case CHANGE_SOURCE -> changeSource(sql, dialect, given);
        };
    }

    private static SqlResult sourcePosition(SqlClient sql, Dialect dialect) throws TransportException {
        SqlResult raw = sql.execute(dialect.showSourcePosition(), List.of());
        if (raw.rows().isEmpty()) {
            throw new TransportException(dialect.showSourcePosition() + " returned no row: binary logging is off on"
                    + " this server; enable log-bin in its my.cnf (the guide's section 1.2.1) and restart it");
        }
        Map<String, String> row = new LinkedHashMap<>(raw.firstRow());
        List<String> columns = new ArrayList<>(raw.columns());
        row.put("file", raw.firstRow().get("File"));
        row.put("position", raw.firstRow().get("Position"));
        columns.add("file");
        columns.add("position");
        return new SqlResult(List.copyOf(columns), List.of(row), -1);
    }

    private static SqlResult changeSource(SqlClient sql, Dialect dialect, Map<String, String> args)
            throws TransportException {
        String mode = sql.execute("SELECT @@SESSION.sql_mode AS sql_mode", List.of()).firstRow().get("sql_mode");
        boolean backslashEscapes = mode == null || !mode.toUpperCase(java.util.Locale.ROOT)
                .contains("NO_BACKSLASH_ESCAPES");
        String statement = ChangeSource.statement(dialect, args, backslashEscapes);
        try {
            return sql.execute(statement, List.of());
        } catch (TransportException e) {
            String message = withoutSecret(e.getMessage(), args.get("password"), backslashEscapes);
            String shown = ChangeSource.display(dialect, args, backslashEscapes) + " failed: " + message;
            // The cause is dropped on purpose: the driver's exception text quotes the statement, password included.
            if (e instanceof ConnectionLostException) {
                throw new ConnectionLostException(shown, null);
            }
            throw new TransportException(shown);
        }
    }

    /** The error text without the echoed statement (cut at " — in: ") and without the password anywhere. */
    static String withoutSecret(String message, String password, boolean backslashEscapes) {
        String m = message == null ? "" : message;
        int echo = m.indexOf(" — in: ");
        if (echo >= 0) {
            m = m.substring(0, echo);
        }
        if (password != null && !password.isEmpty()) {
            m = m.replace(SqlLiteral.quote(password, backslashEscapes), "'****'").replace(password, "****");
        }
        return m;
    }
}
