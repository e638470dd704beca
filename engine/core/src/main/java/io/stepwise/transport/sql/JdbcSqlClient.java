package io.stepwise.transport.sql;

import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.SqlClient;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link SqlClient} on one MySQL/MariaDB server: one connection, opened on first use and reused
 * until {@link #close()}. Statements run with autocommit; values are always bound parameters.
 */
public final class JdbcSqlClient implements SqlClient, AutoCloseable {
    private final String label;
    private final String host;
    private final String url;
    private final String user;
    private final String password;
    private final String database;
    private Handle handle;

    /**
     * @param label    how errors name the server, e.g. {@code xop-b (127.0.0.1:3306 via ssh)}
     * @param database default database of the session, or null. It is chosen once connected (the driver's
     *                 {@code setCatalog}: {@code USE} with the name quoted as an identifier), never written into the
     *                 URL, where a value such as {@code db?sessionVariables=sql_log_bin=0&x=} would set the driver's
     *                 options (and drop the ones here).
     */
    public JdbcSqlClient(String label, String host, int port, String user, String password, String database) {
        this.label = label;
        this.host = host;
        this.url = "jdbc:mysql://" + (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + port + "/"
                + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=10000&tcpKeepAlive=true"
                + "&characterEncoding=UTF-8&permitMysqlScheme=true&allowMultiQueries=false";
        this.user = user;
        this.password = password;
        this.database = database == null || database.isEmpty() ? null : database;
    }

    /**
     * The driver's classes that its first connection initialises (its property definitions, the charset maps with
     * the JDK's extended charsets, the protocol, the authentication plugins, statements and result sets), in that
     * order, on a daemon thread of their own: started while the SSH logins run, so that the first connection through
     * a tunnel does not do this work on the way to the role checks. A class missing from another driver version is
     * skipped; nothing here connects anywhere.
     */
    public static void warmUp() {
        Thread t = new Thread(() -> {
            for (String c : WARM) {
                try {
                    Class.forName(c, true, JdbcSqlClient.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                    // another driver version: its first connection initialises what it needs
                }
            }
        }, "stepwise-sql-warm");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static final List<String> WARM = List.of("com.mysql.cj.jdbc.Driver", "com.mysql.cj.conf.PropertyDefinitions",
            "com.mysql.cj.conf.ConnectionUrl", "com.mysql.cj.jdbc.JdbcPropertySetImpl", "com.mysql.cj.CharsetMapping",
            "com.mysql.cj.jdbc.ConnectionImpl", "com.mysql.cj.NativeSession", "com.mysql.cj.protocol.a.NativeProtocol",
            "com.mysql.cj.protocol.a.NativeAuthenticationProvider",
            "com.mysql.cj.protocol.a.authentication.MysqlNativePasswordPlugin",
            "com.mysql.cj.protocol.a.authentication.CachingSha2PasswordPlugin", "com.mysql.cj.NativeCharsetSettings",
            "com.mysql.cj.jdbc.ClientPreparedStatement", "com.mysql.cj.jdbc.result.ResultSetImpl",
            "com.mysql.cj.jdbc.DatabaseMetaData");

    /** A host name, an IPv4 address or a bracketed IPv6 one: all a URL's host may be here. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
            "[A-Za-z0-9._-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]|[0-9A-Fa-f:]{2,39}");

    private synchronized Handle handle() throws TransportException {
        if (handle == null) {
            if (!HOST.matcher(host).matches()) {
                throw new TransportException(label + ": '" + shown(host) + "' is not a host"
                        + " name or an IP address: fix the inventory's address or mysql host");
            }
            try {
                handle = Jdbi.create(url, user, password == null ? "" : password).open();
            } catch (RuntimeException e) {
                throw new TransportException(label + ": cannot connect to the database as '" + user + "': "
                        + rootMessage(e) + " — check that the server runs, the port and the credentials", e);
            }
            if (database != null) {
                try {
                    handle.getConnection().setCatalog(database);
                } catch (SQLException | RuntimeException e) {
                    handle.close();
                    handle = null;
                    throw new TransportException(label + ": cannot use database '" + shown(database)
                            + "' as '" + user + "': " + rootMessage(e) + " — check the database name and the user's"
                            + " grants", e);
                }
            }
        }
        return handle;
    }

    @Override
    public void open() throws TransportException {
        handle();
    }

    @Override
    public SqlResult execute(String sql, List<Object> binds) throws TransportException {
        return execute(sql, binds, null);
    }

    @Override
    public synchronized SqlResult execute(String sql, List<Object> binds, Duration timeout)
            throws TransportException {
        Connection c = handle().getConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (timeout != null) {
                ps.setQueryTimeout((int) querySeconds(timeout));
            }
            for (int i = 0; i < binds.size(); i++) {
                ps.setObject(i + 1, binds.get(i));
            }
            boolean hasRows = ps.execute();
            if (!hasRows) {
                return new SqlResult(List.of(), List.of(), ps.getUpdateCount());
            }
            try (ResultSet rs = ps.getResultSet()) {
                return read(rs);
            }
        } catch (SQLTimeoutException e) {
            throw new TransportException(label + ": the query timed out after " + timeout.toSeconds()
                    + "s and was stopped — in: " + abbreviate(sql), e);
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    @Override
    public String serverVersion() throws TransportException {
        return execute("SELECT VERSION() AS version", List.of()).firstRow().get("version");
    }

    private static SqlResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.put(columns.get(i - 1), rs.getString(i));
            }
            rows.add(row);
        }
        return new SqlResult(List.copyOf(columns), rows, -1);
    }

    private TransportException translate(SQLException e, String sql) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = label + ": SQL error " + e.getErrorCode() + " (" + state + "): " + e.getMessage()
                + " — in: " + abbreviate(sql);
        if (state.startsWith("08") || e instanceof SQLTransientConnectionException) {
            closeQuietly();
            return new ConnectionLostException(msg, e);
        }
        return new TransportException(msg, e);
    }

    private static long querySeconds(Duration timeout) {
        return timeout == null ? 0 : Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    private static String abbreviate(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** A value quoted in a message, its control characters (a newline, an escape) shown as '?'. */
    private static String shown(String value) {
        return value.codePoints().map(c -> c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage();
    }

    private synchronized void closeQuietly() {
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException ignored) {
                // the connection is already gone
            }
            handle = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
