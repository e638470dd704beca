package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.testing.MariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a private MariaDB server, one fresh database per test. */
class MariaDbRunStoreTest extends RunStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MariaDb db;

    @BeforeAll
    static void startServer() {
        db = MariaDb.start();
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    String freshLocation() {
        String name = "stepwise_" + DATABASES.incrementAndGet();
        db.sql("CREATE DATABASE " + name);
        return db.jdbcUrl(name) + "&user=root&password=";
    }

    @Test
    void errorsNameTheStoreButNeverItsPassword() {
        db.sql("CREATE USER 'stepwise'@'127.0.0.1' IDENTIFIED BY 'right-pw'");
        String url = db.jdbcUrl("nosuchdb") + "&user=stepwise&password=hunter2-secret";
        assertThatThrownBy(() -> RunStores.open(url, clock)).isInstanceOf(StoreException.class)
                .hasMessageContaining("password=****")
                .hasMessageContaining("check that the server runs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-secret"));
    }

    @Override
    String emptyLocation() {
        return freshLocation();
    }

    @Override
    String v1Fixture() {
        return "v1-store-mysql.sql";
    }

    @Override
    Connection connect(String location) throws SQLException {
        return DriverManager.getConnection(location);
    }
}
