package io.stepwise.transport.ssh;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.stepwise.model.Host;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SecretRef;
import io.stepwise.transport.SqlClient;
import io.stepwise.transport.TransportException;
import io.stepwise.transport.sql.JdbcSqlClient;
import java.util.HashMap;
import java.util.Map;

/**
 * The host's database: through a local port forward on the host's SSH session to the database port
 * on the host's own 127.0.0.1 (the guide's servers listen on localhost only), or directly when the
 * inventory says {@code mysql: {direct: true}}. The forward and the clients (one per default database)
 * are opened on first use and reused; a new SSH session gets a new forward.
 */
final class SqlTunnel {
    /** Resolves a secret reference to the password (environment, file or literal). */
    interface Secrets {
        String resolve(SecretRef ref) throws TransportException;
    }

    private final Host host;
    private final Secrets secrets;
    private final Map<String, JdbcSqlClient> clients = new HashMap<>();
    private Session forwardedOn;
    private int localPort;

    SqlTunnel(Host host, Secrets secrets) {
        this.host = host;
        this.secrets = secrets;
    }

    /** Whether the inventory says {@code direct: true}: no SSH session is needed for SQL. */
    boolean direct() {
        return host.mysql() != null && Boolean.TRUE.equals(host.mysql().direct());
    }

    /** @param session the host's SSH session for the forward; null when {@link #direct()} */
    synchronized SqlClient client(Session session, String database) throws TransportException {
        MysqlSettings m = host.mysql() == null ? MysqlSettings.EMPTY : host.mysql();
        boolean direct = Boolean.TRUE.equals(m.direct());
        if (!direct && forwardedOn != session) {
            close();
            forwardedOn = session;
            localPort = forward(session, m);
        }
        String key = database == null ? "" : database;
        JdbcSqlClient c = clients.get(key);
        if (c == null) {
            int port = m.port() != null ? m.port() : 3306;
            String dbHost = m.host() != null ? m.host() : "127.0.0.1";
            String user = m.user() != null ? m.user() : "root";
            String password = m.password() == null ? null : secrets.resolve(m.password());
            c = direct
                    ? new JdbcSqlClient(host.name() + " (" + (m.host() != null ? m.host() : host.address()) + ":" + port
                        + " direct)", m.host() != null ? m.host() : host.address(), port, user, password, database)
                    : new JdbcSqlClient(host.name() + " (" + dbHost + ":" + port + " via ssh)", "127.0.0.1", localPort,
                        user, password, database);
            clients.put(key, c);
            // the tunnel's first connection may be the session's first channel open (role checks run SQL before any
            // command): connected here, with FirstChannel's nudges, instead of at its first statement
            FirstChannel first = direct ? null : FirstChannel.opening(session);
            if (first != null) {
                try {
                    c.open();
                } finally {
                    first.opened();
                }
            }
        }
        return c;
    }

    private int forward(Session session, MysqlSettings m) throws TransportException {
        int port = m.port() != null ? m.port() : 3306;
        String dbHost = m.host() != null ? m.host() : "127.0.0.1";
        try {
            return session.setPortForwardingL("127.0.0.1", 0, dbHost, port);
        } catch (JSchException e) {
            throw new TransportException(host.name() + ": cannot open the SSH tunnel to the database at " + dbHost
                    + ":" + port + ": " + e.getMessage() + " — check AllowTcpForwarding in the host's sshd_config", e);
        }
    }

    synchronized void close() {
        for (JdbcSqlClient c : clients.values()) {
            c.close();
        }
        clients.clear();
        if (forwardedOn != null) {
            try {
                if (forwardedOn.isConnected()) {
                    forwardedOn.delPortForwardingL("127.0.0.1", localPort);
                }
            } catch (JSchException ignored) {
                // the session is gone, and its forward with it
            }
            forwardedOn = null;
        }
    }
}
