package io.stepwise.testing;

import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import io.stepwise.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * A real SQLite run store in a fresh file under {@code target/} (the module's build directory, so
 * {@code mvn clean} removes them): unit tests of the runner get the store the engine uses, not a
 * stand-in with its own rules.
 */
public final class TempStore {
    private TempStore() {
    }

    /** A path for a new store; nothing is there yet. */
    public static Path newFile() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "temp-stores"));
            Path file = Files.createTempFile(dir, "runs-", ".db");
            Files.delete(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, migrated store at {@code file}, read and written through {@code clock}. */
    public static RunStore open(Path file, Clock clock) {
        try {
            return RunStores.open(file.toString(), clock);
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new, migrated store read and written through {@code clock}. */
    public static RunStore open(Clock clock) {
        return open(newFile(), clock);
    }

    /** What {@code sql} (e.g. {@code SELECT count(*) ...}) counts in the store file {@code where}. */
    public static long count(Path where, String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + where);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
