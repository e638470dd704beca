package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.testing.MariaDb;
import io.stepwise.testing.PrivateServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The store contracts on one private MariaDB server, a fresh database per test. */
class MariaDbRunStoreTest {
    @PrivateServer private static MariaDb db;

    @Nested
    class History extends RunStoreContract {
        @Override
        StoreBackend backend() {
            return new MariaDbBackend(db);
        }

        @Test
        void errorsNameTheStoreButNeverItsPassword() {
            db.sql("CREATE USER IF NOT EXISTS 'stepwise'@'127.0.0.1' IDENTIFIED BY 'right-pw'");
            String url = db.jdbcUrl("nosuchdb") + "&user=stepwise&password=hunter2-secret";
            assertThatThrownBy(() -> RunStores.open(url, clock)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("password=****")
                    .hasMessageContaining("check that the server runs")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-secret"));
        }
    }

    @Nested
    class Leases extends LeaseContract {
        @Override
        StoreBackend backend() {
            return new MariaDbBackend(db);
        }
    }
}
