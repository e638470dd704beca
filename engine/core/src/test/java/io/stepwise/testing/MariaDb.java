package io.stepwise.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server for one test class: a fresh datadir in a temp directory, a free port on
 * 127.0.0.1, root with an empty password, started from the machine's {@code mariadbd} and stopped by
 * its pid. Use try-with-resources or {@code @AfterAll} so it stops even when the test fails.
 *
 * <pre>{@code
 * try (MariaDb db = MariaDb.builder().option("server-id", "1").option("log-bin", "bin").start()) {
 *     db.sql("CREATE DATABASE xopdb");
 * }
 * }</pre>
 */
public final class MariaDb implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private MariaDb(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plain server with default options. */
    public static MariaDb start() {
        return builder().start();
    }

    /** Options for {@code mariadbd}, e.g. {@code option("server-id", "2")}; a null value is a bare flag. */
    public static final class Builder {
        private final Map<String, String> options = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        public Builder option(String name, String value) {
            options.put(name, value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public MariaDb start() {
            Path mariadbd = Binaries.require("mariadbd", "/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/sbin/mysqld");
            Path installDb = Binaries.require("mariadb-install-db", "/usr/bin/mariadb-install-db",
                    "/usr/bin/mysql_install_db");
            Path dir = null;
            Process p = null;
            try {
                dir = Files.createTempDirectory("stepwise-mariadb-");
                Path data = dir.resolve("data");
                // A private tmpdir: concurrent servers sharing /tmp collided on their #sql temp files.
                Path tmp = Files.createDirectories(dir.resolve("tmp"));
                run(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data, "--tmpdir=" + tmp,
                        "--auth-root-authentication-method=normal", "--skip-test-db", "--user=root"),
                        dir.resolve("install.log"));
                int port = Binaries.freePort();
                List<String> cmd = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                        "--datadir=" + data, "--tmpdir=" + tmp, "--port=" + port, "--bind-address=127.0.0.1",
                        "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
                        "--user=root", "--skip-name-resolve", "--log-error=" + dir.resolve("error.log"),
                        "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=16M", "--performance-schema=OFF",
                        "--skip-log-bin"));
                if (options.containsKey("log-bin")) {
                    cmd.remove("--skip-log-bin");
                }
                options.forEach((k, v) -> cmd.add(v == null ? "--" + k : "--" + k + "=" + v));
                p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
                MariaDb db = new MariaDb(dir, port, p);
                db.awaitReady(startTimeout);
                return db;
            } catch (IOException | RuntimeException e) {
                if (p != null) {
                    p.destroyForcibly();
                }
                String log = dir == null ? "" : tail(dir.resolve("error.log"));
                Binaries.deleteTree(dir);
                throw new IllegalStateException("private MariaDB did not start: " + e.getMessage() + "\n" + log, e);
            }
        }
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " failed: " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue());
            }
            try (Connection c = connect(null)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("mariadbd not ready after " + timeout + ": " + last);
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The server's temp directory (datadir at {@code data/}, {@code error.log}). */
    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    /** A JDBC URL for mysql-connector-j; {@code database} may be null. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + (database == null ? "" : database)
                + "?useSSL=false&allowPublicKeyRetrieval=true&permitMysqlScheme=true";
    }

    /** A new connection as root (caller closes it). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "root", "");
    }

    /** Runs statements as root; returns the rows of the last one that returned rows. */
    public List<Map<String, String>> sql(String... statements) {
        return sqlIn(null, statements);
    }

    /** Runs statements as root with {@code database} as the default database. */
    public List<Map<String, String>> sqlIn(String database, String... statements) {
        List<Map<String, String>> rows = List.of();
        try (Connection c = connect(database); Statement st = c.createStatement()) {
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
            throw new IllegalStateException("SQL failed on private MariaDB :" + port + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Stops the server by its pid (SIGTERM, then SIGKILL after 30 s) and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Binaries.deleteTree(dir);
    }
}
