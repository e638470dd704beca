package io.stepwise.store.internal;

import java.sql.SQLException;

/** What differs between the SQLite and the MySQL/MariaDB store. */
enum StoreDialect {
    /** A local file; transactions start with BEGIN IMMEDIATE, so writers are serialized by SQLite. */
    SQLITE("sqlite", "SELECT id FROM runs WHERE id = :id"),
    /** A shared server; appends lock the run's row so concurrent writers queue behind each other. */
    MYSQL("mysql", "SELECT id FROM runs WHERE id = :id FOR UPDATE");

    private final String folder;
    private final String lockRunSql;

    StoreDialect(String folder, String lockRunSql) {
        this.folder = folder;
        this.lockRunSql = lockRunSql;
    }

    /** Classpath folder of this dialect's migration scripts. */
    String migrationFolder() {
        return "/io/stepwise/store/migrations/" + folder + "/";
    }

    /** A query that returns the run's id and, on MySQL, locks its row until the transaction ends. */
    String lockRunSql() {
        return lockRunSql;
    }

    /** Whether a failure was a key conflict (someone inserted the same row first) or a deadlock to retry. */
    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = String.valueOf(sql.getSQLState());
                boolean duplicate = state.startsWith("23") || sql.getErrorCode() == 19
                        || String.valueOf(sql.getMessage()).contains("SQLITE_CONSTRAINT");
                if (duplicate || state.equals("40001")) {
                    return true;
                }
            }
        }
        return false;
    }
}
