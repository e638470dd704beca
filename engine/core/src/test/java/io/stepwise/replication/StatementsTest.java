package io.stepwise.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.ReplicationOp;
import io.stepwise.transport.SqlClient;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pins the exact statements each dialect sends, through a recording SqlClient (no server). */
class StatementsTest {
    /** Records statements; answers sql_mode and SHOW ... STATUS with canned rows. */
    static final class Recorder implements SqlClient {
        final String version;
        final List<String> sent = new ArrayList<>();
        String sqlMode = "STRICT_TRANS_TABLES";

        Recorder(String version) {
            this.version = version;
        }

        @Override
        public SqlResult execute(String sql, List<Object> binds) {
            assertThat(binds).isEmpty();
            if (sql.contains("sql_mode")) {
                return new SqlResult(List.of("sql_mode"), List.of(Map.of("sql_mode", sqlMode)), -1);
            }
            sent.add(sql);
            if (sql.endsWith("LOG STATUS") || sql.equals("SHOW MASTER STATUS")) {
                return new SqlResult(List.of("File", "Position"), List.of(Map.of("File", "bin.000003",
                        "Position", "1234")), -1);
            }
            if (sql.endsWith("STATUS")) {
                return new SqlResult(List.of(), List.of(), -1);
            }
            return new SqlResult(List.of(), List.of(), 0);
        }

        @Override
        public String serverVersion() {
            return version;
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.11.6-MariaDB | SHOW SLAVE STATUS   | SHOW MASTER STATUS     | START SLAVE   | STOP SLAVE   | RESET SLAVE",
            "5.7.44          | SHOW SLAVE STATUS   | SHOW MASTER STATUS     | START SLAVE   | STOP SLAVE   | RESET SLAVE",
            "8.0.22          | SHOW REPLICA STATUS | SHOW MASTER STATUS     | START REPLICA | STOP REPLICA | RESET REPLICA",
            "8.0.36          | SHOW REPLICA STATUS | SHOW MASTER STATUS     | START REPLICA | STOP REPLICA | RESET REPLICA",
            "8.4.2           | SHOW REPLICA STATUS | SHOW BINARY LOG STATUS | START REPLICA | STOP REPLICA | RESET REPLICA"})
    void simpleOperations(String version, String status, String position, String start, String stop, String reset)
            throws TransportException {
        Recorder r = new Recorder(version);
        for (ReplicationOp op : List.of(ReplicationOp.STATUS, ReplicationOp.SOURCE_POSITION, ReplicationOp.START,
                ReplicationOp.STOP, ReplicationOp.RESET)) {
            Replication.run(r, op, Map.of());
        }
        assertThat(r.sent).containsExactly(status, position, start, stop, reset);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.11.6-MariaDB | CHANGE MASTER TO MASTER_HOST='10.1.0.11', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_LOG_FILE='bin.000003', MASTER_LOG_POS=1234",
            "5.7.44          | CHANGE MASTER TO MASTER_HOST='10.1.0.11', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_LOG_FILE='bin.000003', MASTER_LOG_POS=1234",
            "8.0.22          | CHANGE MASTER TO MASTER_HOST='10.1.0.11', MASTER_PORT=3306, MASTER_USER='repl', MASTER_PASSWORD='s3cret', MASTER_LOG_FILE='bin.000003', MASTER_LOG_POS=1234",
            "8.0.23          | CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.1.0.11', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret', SOURCE_LOG_FILE='bin.000003', SOURCE_LOG_POS=1234",
            "8.4.2           | CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.1.0.11', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='s3cret', SOURCE_LOG_FILE='bin.000003', SOURCE_LOG_POS=1234"})
    void changeSource(String version, String expected) throws TransportException {
        Recorder r = new Recorder(version);
        Replication.run(r, ReplicationOp.CHANGE_SOURCE, args());
        assertThat(r.sent).containsExactly(expected);
    }

    @Test
    void quotesTextValuesForBothSqlModes() throws TransportException {
        Map<String, String> args = new LinkedHashMap<>(Map.of("user", "o'brien", "password", "a\\'; DROP TABLE x; --"));
        Recorder r = new Recorder("10.11.6-MariaDB");
        Replication.run(r, ReplicationOp.CHANGE_SOURCE, args);
        assertThat(r.sent).containsExactly(
                "CHANGE MASTER TO MASTER_USER='o''brien', MASTER_PASSWORD='a\\\\''; DROP TABLE x; --'");
        Recorder noBackslash = new Recorder("10.11.6-MariaDB");
        noBackslash.sqlMode = "ANSI_QUOTES,NO_BACKSLASH_ESCAPES";
        Replication.run(noBackslash, ReplicationOp.CHANGE_SOURCE, args);
        assertThat(noBackslash.sent).containsExactly(
                "CHANGE MASTER TO MASTER_USER='o''brien', MASTER_PASSWORD='a\\''; DROP TABLE x; --'");
    }

    @Test
    void refusesUnsafeNumbersHostsAndFiles() {
        Recorder r = new Recorder("10.11.6-MariaDB");
        assertRefused(r, Map.of("port", "3306; STOP SLAVE"), "port must be digits only, got '3306; STOP SLAVE'");
        assertRefused(r, Map.of("port", "70000"), "port must be from 1 to 65535");
        assertRefused(r, Map.of("log_pos", "-4"), "log_pos must be digits only");
        assertRefused(r, Map.of("host", "a' OR '1"), "host must be a host name or IP address");
        assertRefused(r, Map.of("log_file", "bin.0001'"), "log_file must be a binary log file name");
        assertRefused(r, Map.of("password", "nul\0byte"), "password contains a NUL character, got (secret)");
        assertRefused(r, Map.of("hots", "x"), "unknown argument(s) [hots]");
        assertRefused(r, Map.of(), "no arguments");
        assertThat(r.sent).isEmpty();
    }

    @Test
    void otherOperationsTakeNoArguments() {
        Recorder r = new Recorder("10.11.6-MariaDB");
        assertThatThrownBy(() -> Replication.run(r, ReplicationOp.STOP, Map.of("host", "x")))
                .isInstanceOf(ReplicationArgumentException.class).hasMessageContaining("takes no arguments");
    }

    @Test
    void displayMasksThePassword() throws TransportException {
        assertThat(ChangeSource.display(Dialect.MARIADB, args(), true)).contains("MASTER_PASSWORD='****'")
                .doesNotContain("s3cret");
    }

    @Test
    void sourcePositionAddsNormalizedNames() throws TransportException {
        SqlResult result = Replication.run(new Recorder("8.4.2"), ReplicationOp.SOURCE_POSITION, Map.of());
        assertThat(result.firstRow()).containsEntry("file", "bin.000003").containsEntry("position", "1234")
                .containsEntry("File", "bin.000003");
    }

    private static void assertRefused(Recorder r, Map<String, String> args, String message) {
        assertThatThrownBy(() -> Replication.run(r, ReplicationOp.CHANGE_SOURCE, args))
                .isInstanceOf(ReplicationArgumentException.class).hasMessageContaining(message);
    }

    private static Map<String, String> args() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("log_pos", "1234");
        a.put("password", "s3cret");
        a.put("host", "10.1.0.11");
        a.put("user", "repl");
        a.put("port", "3306");
        a.put("log_file", "bin.000003");
        return a;
    }
}
