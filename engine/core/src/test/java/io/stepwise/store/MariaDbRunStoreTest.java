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

        @Test
        void anEngineWhoseClockIsAheadDoesNotTakeOverALiveLease() throws Exception {
            // two machines on one MySQL store: B's clock is 10 minutes ahead of A's and of the database's
            java.time.Instant real = java.time.Instant.now();
            RunStore a = RunStores.open(location, java.time.Clock.fixed(real, java.time.ZoneOffset.UTC));
            RunStore b = RunStores.open(location, java.time.Clock.fixed(real.plus(java.time.Duration.ofMinutes(10)),
                    java.time.ZoneOffset.UTC));
            opened.add(a);
            opened.add(b);
            a.createRun(info("r1", "east", T0));
            a.acquire("r1", "east", holder("machine-a", 4242), TTL);
            assertThatThrownBy(() -> b.acquire("r1", "east", holder("machine-b", 4343), TTL))
                    .as("A's lease was renewed just now by the database's clock").isInstanceOf(LockedException.class)
                    .hasMessageContaining("machine-a");
            assertThat(b.now()).isCloseTo(a.now(), org.assertj.core.api.Assertions.within(
                    java.time.Duration.ofSeconds(5).toMillis(), java.time.temporal.ChronoUnit.MILLIS));
        }
    }
}
