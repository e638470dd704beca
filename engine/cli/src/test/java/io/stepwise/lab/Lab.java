package io.stepwise.lab;

import io.stepwise.testing.Binaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The lab for a test: {@code examples/lab/up} in a fresh directory on free ports, {@code examples/lab/down}
 * on close (which stops its servers by pid and removes the directory, even when the test failed).
 * Uses the same scripts as people rehearsing on it (docs/lab.md).
 *
 * <pre>{@code
 * try (Lab lab = Lab.start(true)) {
 *     lab.primary("INSERT INTO services (name) VALUES ('x')");
 *     lab.inventory();
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {
    /** The members of the lab. */
    public enum Member { PRIMARY, SECONDARY }

    private final Path root;
    private final Path dir;
    private final Properties props;

    private Lab(Path root, Path dir, Properties props) {
        this.root = root;
        this.dir = dir;
        this.props = props;
    }

    /** Starts a lab; {@code replication} false gives fresh members (no repl user, no replication) for ha-install. */
    public static Lab start(boolean replication) {
        try {
            return startOnce(replication);
        } catch (IllegalStateException e) {
            // A port picked free can be taken before the server binds it; one more try with new ports.
            System.err.println("lab did not start, trying once more: " + e.getMessage());
            return startOnce(replication);
        }
    }

    private static Lab startOnce(boolean replication) {
        Binaries.require("mariadbd", "/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld");
        Binaries.require("sshd", "/usr/sbin/sshd");
        Path root = repoRoot();
        Path dir;
        try {
            dir = Files.createTempDirectory("stepwise-lab-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STEPWISE_LAB_DIR", dir.toString());
        env.put("LAB_REPLICATION", replication ? "on" : "off");
        try {
            String out = script(root.resolve("examples/lab/up"), List.of(), env, 180);
            Properties props = new Properties();
            try (var in = Files.newBufferedReader(dir.resolve("lab.properties"))) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("examples/lab/up did not write lab.properties: " + out, e);
            }
            return new Lab(root, dir, props);
        } catch (RuntimeException e) {
            Binaries.deleteTree(dir);
            throw e;
        }
    }

    /** The repository's root (where examples/lab/up is), found from the working directory upwards. */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isExecutable(p.resolve("examples/lab/up"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/lab/up not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public Path root() {
        return root;
    }

    public Path dir() {
        return dir;
    }

    public Path inventory() {
        return dir.resolve("inventory.yaml");
    }

    public Path procedure(String name) {
        return root.resolve("procedures").resolve(name + ".yaml");
    }

    /** The repl user's password (what STEPWISE_SECRET_REPL_PASSWORD must hold). */
    public String replPassword() {
        return read(dir.resolve("secrets/repl"));
    }

    public int dbPort(Member m) {
        return Integer.parseInt(props.getProperty(key(m) + ".db_port"));
    }

    /** Lines of the stand-in services' log: "TIMESTAMP HOST SERVICE start|stop". */
    public List<String> serviceLog() {
        try {
            return Files.readAllLines(dir.resolve("services.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs statements on the primary with xopdb as the default database; returns the last result's rows. */
    public List<Map<String, String>> primary(String... statements) {
        return sql(Member.PRIMARY, "xopdb", statements);
    }

    /** Runs statements on the secondary with xopdb as the default database. */
    public List<Map<String, String>> secondary(String... statements) {
        return sql(Member.SECONDARY, "xopdb", statements);
    }

    /** Runs statements as the lab's dbadmin over TCP; {@code database} may be null. */
    public List<Map<String, String>> sql(Member m, String database, String... statements) {
        String url = "jdbc:mysql://127.0.0.1:" + dbPort(m) + "/" + (database == null ? "" : database)
                + "?useSSL=false&allowPublicKeyRetrieval=true&permitMysqlScheme=true";
        List<Map<String, String>> rows = List.of();
        try (Connection c = DriverManager.getConnection(url, "dbadmin", read(dir.resolve("secrets/dbadmin")));
             Statement st = c.createStatement()) {
            for (String s : statements) {
                if (st.execute(s)) {
                    rows = new ArrayList<>();
                    try (ResultSet rs = st.getResultSet()) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            Map<String, String> row = new LinkedHashMap<>();
                            for (int i = 1; i <= n; i++) {
                                row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                            }
                            rows.add(row);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("lab " + key(m) + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** {@code SHOW SLAVE STATUS} on the secondary (empty map when not a replica). */
    public Map<String, String> replicaStatus() {
        List<Map<String, String>> rows = sql(Member.SECONDARY, null, "SHOW SLAVE STATUS");
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    /** Waits up to {@code seconds} for replication to run with no lag; false when it did not. */
    public boolean awaitReplicationHealthy(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Map<String, String> s = replicaStatus();
            if ("Yes".equals(s.get("Slave_IO_Running")) && "Yes".equals(s.get("Slave_SQL_Running"))
                    && "0".equals(s.get("Seconds_Behind_Master"))) {
                return true;
            }
            sleep(200);
        }
        return false;
    }

    /** CHECKSUM TABLE of every table of xopdb on {@code m}, by table name. */
    public Map<String, String> checksums(Member m) {
        List<Map<String, String>> tables = sql(m, "xopdb", "SELECT table_name AS t FROM information_schema.tables"
                + " WHERE table_schema = 'xopdb' AND table_type = 'BASE TABLE' ORDER BY table_name");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> t : tables) {
            String name = t.get("t");
            out.put(name, sql(m, "xopdb", "CHECKSUM TABLE `" + name + "` EXTENDED").get(0).get("Checksum"));
        }
        return out;
    }

    @Override
    public void close() {
        script(root.resolve("examples/lab/down"), List.of(dir.toString()), Map.of(), 120);
        Binaries.deleteTree(dir);
    }

    private static String key(Member m) {
        return m == Member.PRIMARY ? "primary" : "secondary";
    }

    private static String script(Path script, List<String> args, Map<String, String> env, int timeoutSeconds) {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Path log = Files.createTempFile("stepwise-lab-script-", ".log");
            try {
                Process p = pb.redirectOutput(log.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(script + " did not finish in " + timeoutSeconds + "s: " + read(log));
                }
                String out = read(log);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(script + " failed with exit " + p.exitValue() + ":\n" + out);
                }
                return out;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
