package io.stepwise.store.internal;

import io.stepwise.model.Ticker;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;

/** Opens a store by location: a SQLite file path, or a {@code jdbc:mysql://} URL. */
public final class StoreOpener {
    /** How long a SQLite writer waits for another process's write lock before it fails. */
    static final int BUSY_TIMEOUT_MS = 60_000;
    /** The pause between attempts to open a file another process holds locked. */
    static final java.time.Duration BUSY_PAUSE = java.time.Duration.ofMillis(20);

    private StoreOpener() {
    }

    /**
     * Opens an existing store only to read it (status, report, log): nothing is created — no directory, no file,
     * no table — and a store this user may read but not write can be inspected.
     */
    public static RunStore openToRead(String location, Clock clock, long outputCap) throws StoreException {
        if (location.startsWith("jdbc:mysql:") || location.startsWith("jdbc:mariadb:")) {
            return mysql(location, clock, outputCap, StoreOpener::clocked);
        }
        refuseOtherSchemes(location);
        Path file = Path.of(location.startsWith("jdbc:sqlite:") ? location.substring(12) : location).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new io.stepwise.store.NoStoreException("run store " + file + ": there is no such file, so no run was recorded there;"
                    + " check --store or STEPWISE_STORE (a run creates the store)");
        }
        if (!Files.isReadable(file)) {
            throw new StoreException("run store " + file + ": not readable by this user; ask for read access or use"
                    + " the account that runs procedures");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SqliteNative.useCache(System.getenv());
        boolean writable = Files.isWritable(file) && Files.isWritable(file.getParent());
        // a store we may not write: read it as it is on disk (no WAL index to create, no lock to take)
        String url = "jdbc:sqlite:" + (writable ? file.toString() : "file:" + file + "?immutable=1");
        HeldConnection held = new HeldConnection(() -> whileBusy(() -> config.createConnection(url), Ticker.SYSTEM));
        return new JdbiRunStore(Jdbi.create(held), StoreDialect.SQLITE, clock, file.toString(), outputCap, held::close);
    }

    /**
     * Does ahead of time, on whatever thread calls it, the one-time work of the first SQLite store opened in this
     * process: sqlite-jdbc's date formats (built by every SQLiteConfig), its native library, jdbi's configuration.
     * Opens nothing; a failure here is left for the real open to report.
     */
    public static void warmUp() {
        SqliteNative.useCache(System.getenv());
        new SQLiteConfig();
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception e) {
            // the open that follows reports it
        }
        StoreSql.configure(Jdbi.create(() -> {
            throw new java.sql.SQLException("not a connection: warming up");
        }));
    }

    private static void refuseOtherSchemes(String location) throws StoreException {
        if (location.startsWith("jdbc:") && !location.startsWith("jdbc:sqlite:")) {
            String scheme = location.substring(0, Math.max(5, location.indexOf(':', 5) + 1));
            throw new io.stepwise.store.StoreLocationException("run store " + JdbcUrls.masked(location) + ": '" + scheme
                    + "' is not a store Stepwise can use; give a SQLite file path or a jdbc:mysql://HOST:PORT/DB?user=USER"
                    + " URL (MySQL or MariaDB)");
        }
    }

    public static RunStore open(String location, Clock clock, long outputCap) throws StoreException {
        if (location.startsWith("jdbc:mysql:") || location.startsWith("jdbc:mariadb:")) {
            return mysql(location, clock, outputCap, StoreOpener::migrated);
        }
        refuseOtherSchemes(location);
        Path file = Path.of(location.startsWith("jdbc:sqlite:") ? location.substring(12) : location).toAbsolutePath();
        try {
            createPrivately(file);
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of run store " + file + ": " + e.getMessage()
                    + "; set STEPWISE_STORE or --store to a writable path", e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SqliteNative.useCache(System.getenv());
        String url = "jdbc:sqlite:" + file;
        HeldConnection held = new HeldConnection(() -> whileBusy(() -> config.createConnection(url), Ticker.SYSTEM));
        JdbiRunStore store = new JdbiRunStore(Jdbi.create(held), StoreDialect.SQLITE, clock, file.toString(), outputCap,
                held::close);
        try {
            return migrated(store);
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A new store is readable by its owner only, whatever the umask: it holds every step's output, the notes and
     * the evidence of a run. The directories created for it are 0700 and the file 0600 (SQLite gives its -wal and
     * -shm files the database file's permissions). An existing file or directory is left as its owner set it.
     */
    static void createPrivately(Path file) throws IOException {
        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        }
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // an existing store (or another engine created it a moment ago)
        }
    }

    /**
     * Opens a connection, waiting while another process holds the file: switching a new file to WAL at
     * open takes a lock before the busy timeout applies, so engines opening a new store at once would
     * otherwise fail with SQLITE_BUSY. Pauses and measures the deadline with {@code ticker}.
     */
    static java.sql.Connection whileBusy(HeldConnection.Opener open, Ticker ticker) throws java.sql.SQLException {
        long deadline = ticker.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
        while (true) {
            try {
                return open.open();
            } catch (java.sql.SQLException e) {
                boolean busy = e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY");
                if (!busy) {
                    throw e;
                }
                if (ticker.nanoTime() - deadline > 0) {
                    throw new java.sql.SQLException("another process kept the file locked for "
                            + BUSY_TIMEOUT_MS / 1000 + " s (" + e.getMessage() + "); see `stepwise status` for a"
                            + " run under way, or wait until it ends", e.getSQLState(), e.getErrorCode(), e);
                }
                try {
                    ticker.sleep(BUSY_PAUSE);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** What is done to a store just opened, before it is handed out. */
    @FunctionalInterface
    private interface Ready {
        RunStore of(JdbiRunStore store) throws StoreException;
    }

    /** A MySQL or MariaDB store at {@code location}, made {@code ready}; its errors never show the URL's password. */
    private static RunStore mysql(String location, Clock clock, long outputCap, Ready ready) throws StoreException {
        String shown = JdbcUrls.masked(location);
        String url = location.startsWith("jdbc:mariadb:") ? "jdbc:mysql:" + location.substring(13) : location;
        try {
            return ready.of(new JdbiRunStore(Jdbi.create(url), StoreDialect.MYSQL, clock, shown, outputCap, () -> { }));
        } catch (StoreException e) {
            throw new StoreException(JdbcUrls.maskIn(e.getMessage(), location), null);
        } catch (RuntimeException e) {
            throw new StoreException("run store " + shown + ": cannot open it: " + JdbcUrls.maskIn(
                    String.valueOf(e.getMessage()), location), null);
        }
    }

    private static RunStore migrated(JdbiRunStore store) throws StoreException {
        store.migrate();
        return clocked(store);
    }

    /** Reads the database's clock now, at the open: the leases' times are kept by it ({@link JdbiRunStore#now}). */
    private static JdbiRunStore clocked(JdbiRunStore store) throws StoreException {
        store.now();
        return store;
    }
}
