package io.stepwise.transport.local;

import io.stepwise.model.Host;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SecretRef;
import io.stepwise.transport.DataPipe;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.SqlClient;
import io.stepwise.transport.TransportException;
import io.stepwise.transport.sql.JdbcSqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A host that is this machine ({@code connection: local}). */
final class LocalConnection implements HostConnection, AutoCloseable {
    private final Host host;
    private final MysqlSettings mysql;
    private final Function<SecretRef, String> secrets;
    private final Map<String, JdbcSqlClient> sql = new HashMap<>();
    /** Commands under way, so that Ctrl-C can stop them ({@link #stopAll}). */
    private final Set<Process> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param mysql   the host's database settings (already merged with the inventory's); may be null
     * @param secrets resolves the database password reference
     */
    public LocalConnection(Host host, MysqlSettings mysql, Function<SecretRef, String> secrets) {
        this.host = host;
        this.mysql = mysql == null ? MysqlSettings.EMPTY : mysql;
        this.secrets = secrets;
    }

    /** Kills every command under way on this connection with its process tree (always confirmed: this machine). */
    public java.util.List<io.stepwise.transport.Stopped> stopAll() {
        java.util.List<io.stepwise.transport.Stopped> stopped = new java.util.ArrayList<>();
        for (Process p : java.util.List.copyOf(live)) {
            LocalProcess.killTree(p);
            stopped.add(new io.stepwise.transport.Stopped(host.name(), p.pid(), true, true, null));
        }
        return stopped;
    }

    @Override
    public String hostName() {
        return host.name();
    }

    @Override
    public ExecResult exec(String command, Duration timeout, OutputListener listener) throws TransportException {
        return LocalProcess.run(host.name(), command, timeout, listener, live);
    }

    @Override
    public synchronized SqlClient sql(String database) throws TransportException {
        String key = database == null ? "" : database;
        JdbcSqlClient client = sql.get(key);
        if (client == null) {
            String address = mysql.host() != null ? mysql.host() : host.address() != null ? host.address() : "127.0.0.1";
            int port = mysql.port() != null ? mysql.port() : 3306;
            String user = mysql.user() != null ? mysql.user() : System.getProperty("user.name");
            String password = mysql.password() == null ? null : secrets.apply(mysql.password());
            client = new JdbcSqlClient(host.name() + " (" + address + ":" + port + ", local)", address, port, user,
                    password, database);
            sql.put(key, client);
        }
        return client;
    }

    @Override
    public InputStream openRead(String path) throws TransportException {
        try {
            return Files.newInputStream(Path.of(path));
        } catch (IOException e) {
            throw new TransportException(host.name() + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OutputStream openWrite(String path, String mode) throws TransportException {
        try {
            Path p = Path.of(path);
            OutputStream out = Files.newOutputStream(p);
            if (mode != null) {
                Files.setPosixFilePermissions(p, permissions(mode));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new TransportException(host.name() + ": cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DataPipe pipe(String command) throws TransportException {
        return LocalPipe.start(host.name(), command);
    }

    @Override
    public String mode(String path) throws TransportException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(Path.of(path));
            int bits = 0;
            for (PosixFilePermission p : perms) {
                bits |= 1 << (8 - p.ordinal());
            }
            return String.format("0%03o", bits);
        } catch (IOException e) {
            throw new TransportException(host.name() + ": cannot read the mode of " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void reboot(Duration timeout, io.stepwise.transport.OutputListener notes) throws TransportException {
        throw new TransportException(host.name() + " is this machine (connection: local): Stepwise does not reboot "
                + "the machine it runs on. Reboot it by hand, or reach the host with connection: ssh");
    }

    /** Mode "0640" → permissions; rejects anything that is not 3-4 octal digits. */
    static Set<PosixFilePermission> permissions(String mode) {
        if (!mode.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("mode " + mode + " is not octal like 0644");
        }
        int bits = Integer.parseInt(mode, 8);
        StringBuilder sb = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((bits & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(sb.toString());
    }

    @Override
    public synchronized void close() {
        sql.values().forEach(JdbcSqlClient::close);
        sql.clear();
    }
}
