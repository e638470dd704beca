package io.stepwise.transport.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.testing.MariaDb;
import io.stepwise.testing.PrivateServer;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcSqlClientTest {
    @PrivateServer static MariaDb db;

    @BeforeAll
    static void start() {
        db.sql("CREATE DATABASE xopdb", "CREATE TABLE xopdb.t (id INT PRIMARY KEY, name VARCHAR(50))");
    }

    private JdbcSqlClient client() {
        return new JdbcSqlClient("test-db", db.host(), db.port(), "root", "", "xopdb");
    }

    @Test
    void bindsValuesAndReturnsNamedColumns() throws Exception {
        try (JdbcSqlClient c = client()) {
            SqlResult ins = c.execute("INSERT INTO t VALUES (?, ?)", List.of("1", "it's; DROP TABLE t"));
            assertThat(ins.updateCount()).isEqualTo(1);
            SqlResult r = c.execute("SELECT id, name AS who FROM t WHERE id = ?", List.of("1"));
            assertThat(r.columns()).containsExactly("id", "who");
            assertThat(r.firstRow()).containsEntry("who", "it's; DROP TABLE t");
            assertThat(c.serverVersion()).containsIgnoringCase("mariadb");
        }
    }

    @Test
    void sqlErrorNamesTheServerAndStatement() {
        try (JdbcSqlClient c = client()) {
            assertThatThrownBy(() -> c.execute("SELECT nope FROM t", List.of()))
                    .isInstanceOf(TransportException.class)
                    .isNotInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("test-db").hasMessageContaining("1054").hasMessageContaining("SELECT nope");
        }
    }

    @Test
    void theDatabaseNameIsChosenAsAnIdentifierNotReadAsDriverOptions() throws Exception {
        db.sql("CREATE DATABASE `odd-name db`", "CREATE TABLE `odd-name db`.t (id INT)");
        for (String hostile : List.of("xopdb?sessionVariables=sql_log_bin=0&x=", "xopdb#", "xopdb/other",
                "xopdb?allowLoadLocalInfile=true", "x`; DROP DATABASE xopdb; -- ")) {
            try (JdbcSqlClient c = new JdbcSqlClient("test-db", db.host(), db.port(), "root", "", hostile)) {
                assertThatThrownBy(() -> c.execute("SELECT @@session.sql_log_bin", List.of()))
                        .as(hostile).isInstanceOf(TransportException.class)
                        .hasMessageContaining("test-db: cannot use database", "Unknown database");
            }
        }
        try (JdbcSqlClient c = client()) {
            assertThat(c.execute("SELECT DATABASE() AS d", List.of()).firstRow()).containsEntry("d", "xopdb");
        }
        try (JdbcSqlClient c = new JdbcSqlClient("test-db", db.host(), db.port(), "root", "", "odd-name db")) {
            assertThat(c.execute("SELECT COUNT(*) AS n FROM t", List.of()).firstRow()).containsEntry("n", "0");
        }
    }

    @Test
    void aHostThatIsNoHostNameOrAddressIsRefusedBeforeTheDriverReadsIt() throws Exception {
        for (String hostile : List.of("127.0.0.1:" + db.port() + "/xopdb?sessionVariables=sql_log_bin=0&x=",
                "127.0.0.1/x", "host name", "a\nb")) {
            try (JdbcSqlClient c = new JdbcSqlClient("test-db", hostile, db.port(), "root", "", null)) {
                assertThatThrownBy(c::serverVersion).as(hostile).isInstanceOf(TransportException.class)
                        .hasMessageContaining("is not a host name or an IP address");
            }
        }
        try (JdbcSqlClient c = new JdbcSqlClient("test-db", "localhost", db.port(), "root", "", null)) {
            assertThat(c.execute("SELECT 1 AS one", List.of()).firstRow()).containsEntry("one", "1");
        }
    }

    @Test
    void wrongPortIsAClearError() {
        try (JdbcSqlClient c = new JdbcSqlClient("nowhere", "127.0.0.1", 1, "root", "", null)) {
            assertThatThrownBy(c::serverVersion).isInstanceOf(TransportException.class)
                    .hasMessageContaining("nowhere: cannot connect");
        }
    }
}
