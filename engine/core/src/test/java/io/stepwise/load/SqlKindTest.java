package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlKindTest {
    @ParameterizedTest
    @ValueSource(strings = {"SELECT @@read_only AS ro", "  select 1;", "SHOW SLAVE STATUS", "DESCRIBE t", "EXPLAIN SELECT 1",
        "/* c */ SELECT 1", "-- c\nSELECT 1", "WITH x AS (SELECT 1) SELECT * FROM x", "SELECT 'INTO' AS word",
        "SELECT fn()", "SELECT `into` FROM t"})
    void readOnly(String sql) {
        assertThat(SqlKind.readOnly(sql)).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPDATE t SET a = 1", "SELECT * INTO OUTFILE '/tmp/x' FROM t", "SELECT a INTO @v FROM t",
        "SELECT * FROM t FOR UPDATE", "SELECT * FROM t LOCK IN SHARE MODE", "SELECT * FROM t FOR SHARE",
        "WITH x AS (SELECT 1) UPDATE t SET a = 1", "WITH x AS (SELECT 1) DELETE FROM t", "SELECT 1; DELETE FROM t",
        "CREATE USER 'repl'@'%'", "SET GLOBAL read_only = 1", "", "STOP SLAVE"})
    void mayWrite(String sql) {
        assertThat(SqlKind.readOnly(sql)).as(sql).isFalse();
    }
}
