package io.stepwise.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.testing.FakeClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite connection settings the durability promise rests on, as seen by the store's own connections. */
class StoreOpenerTest {
    @TempDir
    Path tmp;

    @Test
    void sqliteConnectionsAreWalFullySyncedAndWaitForLocks() throws Exception {
        JdbiRunStore store = (JdbiRunStore) StoreOpener.open(tmp.resolve("a/b/runs.db").toString(),
                Clock.systemUTC(), 1024);
        List<String> pragmas = store.inTransaction("read pragmas", h -> List.of(
                h.createQuery("PRAGMA journal_mode").mapTo(String.class).one(),
                h.createQuery("PRAGMA synchronous").mapTo(String.class).one(),
                h.createQuery("PRAGMA busy_timeout").mapTo(String.class).one()));
        assertThat(pragmas).containsExactly("wal", "2", String.valueOf(StoreOpener.BUSY_TIMEOUT_MS));
        store.close();
    }

    @Test
    void aNewStoreAndItsDirectoriesAreTheirOwnersOnlyAndAnExistingOneIsLeftAsItIs() throws Exception {
        Path file = tmp.resolve("new/dir/runs.db");
        io.stepwise.store.RunStore store = StoreOpener.open(file.toString(), Clock.systemUTC(), 1024);
        store.createRun(new io.stepwise.store.RunInfo("r1", "p", "c", "p.yaml", "i.yaml", "me", Clock.systemUTC()
                .instant(), java.util.Map.of(), "", "", java.util.Map.of()));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files
                .getPosixFilePermissions(file))).isEqualTo("rw-------");
        for (Path d : List.of(tmp.resolve("new"), tmp.resolve("new/dir"))) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files
                    .getPosixFilePermissions(d))).as(d.toString()).isEqualTo("rwx------");
        }
        for (String side : List.of("-wal", "-shm")) {
            Path f = Path.of(file + side);
            if (java.nio.file.Files.exists(f)) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files
                        .getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
            }
        }
        store.close();

        Path shared = tmp.resolve("shared.db");
        java.nio.file.Files.createFile(shared);
        java.nio.file.Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-rw----"));
        StoreOpener.open(shared.toString(), Clock.systemUTC(), 1024).close();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files
                .getPosixFilePermissions(shared))).as("its owner's choice").isEqualTo("rw-rw----");
    }

    /** An opener that finds the file locked {@code times} times, then opens an in-memory database. */
    private static HeldConnection.Opener busy(int times) {
        int[] calls = {0};
        return () -> {
            if (calls[0]++ < times) {
                throw new SQLException("[SQLITE_BUSY] The database file is locked (database is locked)");
            }
            return DriverManager.getConnection("jdbc:sqlite::memory:");
        };
    }

    @Test
    void aStoreFileLockedByAnotherProcessIsWaitedForAndOpensOnceItIsFree() throws Exception {
        FakeClock time = new FakeClock();
        try (Connection c = StoreOpener.whileBusy(busy(3), time)) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(time.sleeps()).containsExactly(StoreOpener.BUSY_PAUSE, StoreOpener.BUSY_PAUSE,
                StoreOpener.BUSY_PAUSE);
    }

    @Test
    void aStoreFileLockedLongerThanTheBusyTimeoutIsRefusedSayingWhatToDo() {
        FakeClock time = new FakeClock();
        assertThatThrownBy(() -> StoreOpener.whileBusy(busy(Integer.MAX_VALUE), time))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("another process kept the file locked for 60 s")
                .hasMessageContaining("stepwise status");
        Duration limit = Duration.ofMillis(StoreOpener.BUSY_TIMEOUT_MS);
        assertThat(time.nanoTime()).as("gave up once the busy timeout had passed, on the fake clock")
                .isGreaterThan(limit.toNanos()).isLessThanOrEqualTo(limit.plus(StoreOpener.BUSY_PAUSE).toNanos());
    }

    @Test
    void anOpenFailureOtherThanBusyIsNotRetried() {
        FakeClock time = new FakeClock();
        assertThatThrownBy(() -> StoreOpener.whileBusy(() -> {
            throw new SQLException("[SQLITE_CANTOPEN] unable to open database file");
        }, time)).hasMessageContaining("SQLITE_CANTOPEN");
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void migrationScriptsSplitIntoStatements() {
        List<String> rows = org.jdbi.v3.core.Jdbi.create("jdbc:sqlite::memory:").withHandle(h -> {
            Migrator.apply(h, "-- title\nCREATE TABLE a (x TEXT); -- a comment; with a semicolon\n\n"
                    + "INSERT INTO a VALUES ('one; two');\nINSERT INTO a VALUES ('three');\n");
            return h.createQuery("SELECT x FROM a ORDER BY x").mapTo(String.class).list();
        });
        assertThat(rows).as("each statement ran once; the ';' in a string and in a comment ended none")
                .containsExactly("one; two", "three");
        for (StoreDialect dialect : List.of(StoreDialect.SQLITE, StoreDialect.MYSQL)) {
            assertThat(new Migrator(dialect, Clock.systemUTC(), "x").scripts())
                    .as("every V<n>.sql of %s, with no gap in the numbers", dialect)
                    .isNotEmpty().hasSize(migrationFilesIn(dialect));
        }
    }

    /** The V&lt;n&gt;.sql files on the class path for a dialect, counted from the folder itself. */
    private static int migrationFilesIn(StoreDialect dialect) {
        try {
            Path folder = Path.of(StoreOpenerTest.class.getResource(dialect.migrationFolder()).toURI());
            try (var files = java.nio.file.Files.list(folder)) {
                return (int) files.filter(f -> f.getFileName().toString().matches("V[0-9]+\\.sql")).count();
            }
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException(e));
        }
    }
}
