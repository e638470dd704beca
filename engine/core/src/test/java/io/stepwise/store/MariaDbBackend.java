package io.stepwise.store;

import io.stepwise.testing.MariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** Stores as databases on one private MariaDB server, a new database for each. */
record MariaDbBackend(MariaDb db) implements StoreBackend {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public String freshLocation() {
        String name = "stepwise_" + DATABASES.incrementAndGet();
        db.sql("CREATE DATABASE " + name);
        return db.jdbcUrl(name) + "&user=root&password=";
    }

    @Override
    public String emptyLocation() {
        return freshLocation();
    }

    @Override
    public String v1Fixture() {
        return "v1-store-mysql.sql";
    }

    @Override
    public Connection connect(String location) throws SQLException {
        return DriverManager.getConnection(location);
    }
}
