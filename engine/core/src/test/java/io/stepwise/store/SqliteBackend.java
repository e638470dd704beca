package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Stores as SQLite files in a test's temp directory; fresh ones in directories that do not exist yet. */
record SqliteBackend(Path dir) implements StoreBackend {
    @Override
    public String freshLocation() {
        return dir.resolve("state-" + System.nanoTime() + "/stepwise/runs.db").toString();
    }

    @Override
    public String emptyLocation() throws Exception {
        Path file = dir.resolve("old-" + System.nanoTime() + "/runs.db");
        Files.createDirectories(file.getParent());
        return file.toString();
    }

    @Override
    public String v1Fixture() {
        return "v1-store.sql";
    }

    @Override
    public Connection connect(String location) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + location);
    }

    @Override
    public void assertConsistent(String location) throws Exception {
        assertThat(query(location, "PRAGMA integrity_check")).isEqualTo("ok");
    }

    /** The first column of the first row. */
    String query(String location, String sql) throws SQLException {
        try (Connection c = connect(location); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
