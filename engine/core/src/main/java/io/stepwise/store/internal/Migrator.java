package io.stepwise.store.internal;

import io.stepwise.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Brings a store's schema up to the version this code knows, on open. Migrations are the classpath
 * scripts {@code V1.sql}, {@code V2.sql}, ... of the dialect; table {@code schema_version} records
 * each one applied. A store newer than the code is refused, never touched.
 */
final class Migrator {
    private static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL, applied_at VARCHAR(30) NOT NULL)";

    private final StoreDialect dialect;
    private final Clock clock;
    private final String where;

    Migrator(StoreDialect dialect, Clock clock, String where) {
        this.dialect = dialect;
        this.clock = clock;
        this.where = where;
    }

    /** The migration scripts of the dialect, V1 first. */
    List<String> scripts() {
        List<String> scripts = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = Migrator.class.getResourceAsStream(dialect.migrationFolder() + "V" + v + ".sql")) {
                if (in == null) {
                    return scripts;
                }
                scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read migration V" + v, e);
            }
        }
    }

    /** Applies what is missing; on SQLite inside the caller's (immediate, hence exclusive) transaction. */
    void migrate(Handle h) throws StoreException {
        List<String> scripts = scripts();
        h.execute(VERSION_TABLE);
        int current = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version").mapTo(Integer.class).one();
        if (current > scripts.size()) {
            throw new StoreException("run store " + where + " has schema version " + current
                    + ", but this stepwise knows versions up to " + scripts.size()
                    + ": it was written by a newer stepwise; use that version (or newer) with this store");
        }
        for (int v = current + 1; v <= scripts.size(); v++) {
            String script = scripts.get(v - 1);
            apply(h, script);
            h.createUpdate("INSERT INTO schema_version (version, description, applied_at) VALUES (:v, :d, :at)")
                    .bind("v", v).bind("d", description(script)).bind("at", Times.format(clock.instant())).execute();
        }
    }

    /**
     * Runs one migration script statement by statement, split by {@link StoreSql#statements} (which knows comments
     * and quoted strings, so a ';' inside a string literal does not end a statement).
     */
    static void apply(Handle h, String script) {
        for (String statement : StoreSql.statements(script)) {
            h.execute(statement);
        }
    }

    private static String description(String script) {
        String first = script.lines().findFirst().orElse("");
        return first.startsWith("--") ? first.substring(2).strip() : "";
    }
}
