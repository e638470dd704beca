package io.stepwise.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.transport.SqlResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaStatusTest {
    @Test
    void mariadbColumnsAreNormalizedAndKept() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("Slave_IO_Running", "Yes");
        row.put("Slave_SQL_Running", "No");
        row.put("Seconds_Behind_Master", null);
        row.put("Master_Host", "127.0.0.1");
        row.put("Master_Port", "3306");
        row.put("Master_Log_File", "bin.000002");
        row.put("Read_Master_Log_Pos", "900");
        row.put("Exec_Master_Log_Pos", "800");
        row.put("Last_Error", "Duplicate entry");
        row.put("Last_IO_Errno", "0");
        row.put("Last_IO_Error", "");
        row.put("Last_SQL_Errno", "1062");
        row.put("Last_SQL_Error", "Duplicate entry");
        SqlResult r = ReplicaStatus.normalize(new SqlResult(List.copyOf(row.keySet()), List.of(row), -1));
        assertThat(r.firstRow()).containsEntry("Slave_IO_Running", "Yes").containsEntry("io_running", "Yes")
                .containsEntry("sql_running", "No").containsEntry("seconds_behind", null)
                .containsEntry("source_host", "127.0.0.1").containsEntry("source_port", "3306")
                .containsEntry("source_log_file", "bin.000002").containsEntry("read_source_log_pos", "900")
                .containsEntry("exec_source_log_pos", "800").containsEntry("last_sql_errno", "1062")
                .containsEntry("last_error", "Duplicate entry").containsEntry("configured", "yes");
        assertThat(r.columns()).startsWith("Slave_IO_Running").contains("io_running", "configured");
        assertThat(r.rows()).hasSize(1);
    }

    @Test
    void mysqlReplicaColumnsAreNormalized() {
        Map<String, String> row = Map.of("Replica_IO_Running", "Connecting", "Replica_SQL_Running", "Yes",
                "Seconds_Behind_Source", "0", "Source_Host", "db1", "Source_Log_File", "binlog.000009",
                "Exec_Source_Log_Pos", "157", "Last_IO_Errno", "2003");
        SqlResult r = ReplicaStatus.normalize(new SqlResult(List.copyOf(row.keySet()), List.of(row), -1));
        assertThat(r.firstRow()).containsEntry("io_running", "Connecting").containsEntry("sql_running", "Yes")
                .containsEntry("seconds_behind", "0").containsEntry("source_host", "db1")
                .containsEntry("source_log_file", "binlog.000009").containsEntry("exec_source_log_pos", "157")
                .containsEntry("last_io_errno", "2003");
    }

    @Test
    void notAReplicaIsOneRowConfiguredNo() {
        SqlResult r = ReplicaStatus.normalize(new SqlResult(List.of("Slave_IO_State"), List.of(), -1));
        assertThat(r.rows()).hasSize(1);
        assertThat(r.firstRow()).containsEntry("io_running", "No").containsEntry("sql_running", "No")
                .containsEntry("configured", "no").containsEntry("seconds_behind", null);
    }
}
