package io.stepwise.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
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
    void migrationScriptsSplitIntoStatements() {
        assertThat(Migrator.statements("-- title\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (1);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)");
        assertThat(new Migrator(Dialect.SQLITE, Clock.systemUTC(), "x").scripts())
                .hasSameSizeAs(new Migrator(Dialect.MYSQL, Clock.systemUTC(), "x").scripts()).hasSize(2);
    }
}
