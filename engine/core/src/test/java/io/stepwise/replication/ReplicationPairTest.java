package io.stepwise.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.ReplicationOp;
import io.stepwise.testing.Await;
import io.stepwise.testing.MariaDb;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import io.stepwise.transport.sql.JdbcSqlClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The replication operations on a real private MariaDB primary/replica pair, configured as the guide's
 * section 1.2 says. The repl password holds every character that could break quoting.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationPairTest {
    static final String PASSWORD = "p'a\\ss<w>:rd?#-- \"x";
    static MariaDb primary;
    static MariaDb replica;
    static JdbcSqlClient onPrimary;
    static JdbcSqlClient onReplica;

    @BeforeAll
    static void startPair() {
        primary = MariaDb.builder().option("server-id", "1").option("log-bin", "bin")
                .option("binlog-do-db", "xopdb").option("binlog-ignore-db", "xopdb_local")
                .option("auto-increment-increment", "2").option("auto-increment-offset", "1").start();
        replica = MariaDb.builder().option("server-id", "2").option("replicate-do-db", "xopdb")
                .option("replicate-ignore-table", "xopdb.system_parms")
                .option("auto-increment-increment", "2").option("auto-increment-offset", "2").start();
        String quoted = "'" + PASSWORD.replace("\\", "\\\\").replace("'", "''") + "'";
        primary.sql("CREATE DATABASE xopdb", "CREATE USER 'repl'@'%' IDENTIFIED BY " + quoted,
                "GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
        replica.sql("CREATE DATABASE xopdb");
        onPrimary = new JdbcSqlClient("primary", primary.host(), primary.port(), "root", "", "xopdb");
        onReplica = new JdbcSqlClient("replica", replica.host(), replica.port(), "root", "", "xopdb");
    }

    @AfterAll
    static void stopPair() {
        for (AutoCloseable c : new AutoCloseable[] {onPrimary, onReplica, primary, replica}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
    }

    @Test
    @Order(1)
    void aServerThatIsNotAReplicaSaysSo() throws TransportException {
        assertThat(Replication.run(onReplica, ReplicationOp.STATUS, Map.of()).firstRow())
                .containsEntry("configured", "no").containsEntry("io_running", "No");
    }

    @Test
    @Order(2)
    void changeSourceStartAndAWriteReplicates() throws Exception {
        Map<String, String> pos = Replication.run(onPrimary, ReplicationOp.SOURCE_POSITION, Map.of()).firstRow();
        assertThat(pos.get("file")).matches("bin\\.\\d+");
        assertThat(pos.get("position")).matches("\\d+");

        Map<String, String> args = new LinkedHashMap<>();
        args.put("host", "127.0.0.1");
        args.put("port", Integer.toString(primary.port()));
        args.put("user", "repl");
        args.put("password", PASSWORD);
        args.put("log_file", pos.get("file"));
        args.put("log_pos", pos.get("position"));
        Replication.run(onReplica, ReplicationOp.CHANGE_SOURCE, args);
        Replication.run(onReplica, ReplicationOp.START, Map.of());

        Map<String, String> status = await(r -> "Yes".equals(r.get("io_running")) && "Yes".equals(r.get("sql_running")));
        assertThat(status).containsEntry("Slave_IO_Running", "Yes").containsEntry("source_host", "127.0.0.1")
                .containsEntry("source_port", Integer.toString(primary.port())).containsEntry("configured", "yes")
                .containsEntry("last_io_errno", "0");

        onPrimary.execute("CREATE TABLE ports (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))", List.of());
        onPrimary.execute("INSERT INTO ports (name) VALUES (?)", List.of("sip"));
        await(r -> "0".equals(r.get("seconds_behind")) && r.get("exec_source_log_pos").equals(r.get("read_source_log_pos")));
        SqlResult rows = Await.value("the row to arrive on the replica", Duration.ofSeconds(20), () -> {
            SqlResult r = onReplica.execute("SELECT id, name FROM ports WHERE name = ?", List.of("sip"));
            return r.rows().isEmpty() ? null : r;
        }, () -> "");
        assertThat(rows.rows()).hasSize(1);
        assertThat(rows.firstRow()).containsEntry("id", "1");
    }

    @Test
    @Order(3)
    void changeSourceErrorsNeverShowThePassword() {
        Map<String, String> args = Map.of("host", "127.0.0.1", "password", PASSWORD);
        assertThatThrownBy(() -> Replication.run(onReplica, ReplicationOp.CHANGE_SOURCE, args))
                .isInstanceOf(TransportException.class).hasNoCause()
                .hasMessageContaining("MASTER_PASSWORD='****'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("rd?#"));
    }

    @Test
    @Order(4)
    void stopThenReset() throws TransportException {
        Replication.run(onReplica, ReplicationOp.STOP, Map.of());
        Map<String, String> stopped = Replication.run(onReplica, ReplicationOp.STATUS, Map.of()).firstRow();
        assertThat(stopped).containsEntry("io_running", "No").containsEntry("sql_running", "No");
        assertThat(Long.parseLong(stopped.get("exec_source_log_pos"))).isGreaterThan(4);

        Replication.run(onReplica, ReplicationOp.RESET, Map.of());
        Map<String, String> reset = Replication.run(onReplica, ReplicationOp.STATUS, Map.of()).firstRow();
        assertThat(reset).containsEntry("io_running", "No").containsEntry("source_log_file", "")
                .containsEntry("read_source_log_pos", "4");
    }

    private static Map<String, String> await(Predicate<Map<String, String>> until) {
        java.util.concurrent.atomic.AtomicReference<Map<String, String>> last =
                new java.util.concurrent.atomic.AtomicReference<>();
        return Await.value("the replica status to reach the expected state", Duration.ofSeconds(30), () -> {
            last.set(Replication.run(onReplica, ReplicationOp.STATUS, Map.of()).firstRow());
            return until.test(last.get()) ? last.get() : null;
        }, () -> "replica status " + last.get());
    }
}
