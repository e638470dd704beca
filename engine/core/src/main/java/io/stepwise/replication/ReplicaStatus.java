package io.stepwise.replication;

import io.stepwise.transport.SqlResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replica status under one set of names whatever the server calls them. The row keeps the server's own
 * columns ({@code Slave_IO_Running} on MariaDB, {@code Replica_IO_Running} on MySQL 8.0.22+) and adds:
 * {@code io_running, sql_running, seconds_behind, source_host, source_port, source_log_file,
 * read_source_log_pos, exec_source_log_pos, last_error, last_io_errno, last_io_error, last_sql_errno,
 * last_sql_error, configured}.
 *
 * <p>A server that is not a replica (the status statement returns no row, e.g. never configured or after
 * {@code RESET SLAVE ALL}) gives one row with {@code io_running=No}, {@code sql_running=No},
 * {@code configured=no} and the other normalized names null, so {@code expect}/{@code wait} can test it.
 * A configured replica has {@code configured=yes}. Note that MariaDB's plain {@code RESET SLAVE} keeps
 * the connection settings, so the server still counts as configured afterwards.
 */
final class ReplicaStatus {
    /** Normalized name → the server's column names that carry it (MariaDB/MySQL-legacy first). */
    static final Map<String, List<String>> NAMES = names();

    private ReplicaStatus() {
    }

    private static Map<String, List<String>> names() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("io_running", List.of("Slave_IO_Running", "Replica_IO_Running"));
        m.put("sql_running", List.of("Slave_SQL_Running", "Replica_SQL_Running"));
        m.put("seconds_behind", List.of("Seconds_Behind_Master", "Seconds_Behind_Source"));
        m.put("source_host", List.of("Master_Host", "Source_Host"));
        m.put("source_port", List.of("Master_Port", "Source_Port"));
        m.put("source_log_file", List.of("Master_Log_File", "Source_Log_File"));
        m.put("read_source_log_pos", List.of("Read_Master_Log_Pos", "Read_Source_Log_Pos"));
        m.put("exec_source_log_pos", List.of("Exec_Master_Log_Pos", "Exec_Source_Log_Pos"));
        m.put("last_error", List.of("Last_Error"));
        m.put("last_io_errno", List.of("Last_IO_Errno"));
        m.put("last_io_error", List.of("Last_IO_Error"));
        m.put("last_sql_errno", List.of("Last_SQL_Errno"));
        m.put("last_sql_error", List.of("Last_SQL_Error"));
        return m;
    }

    /** The status result with normalized names added (see the class comment for a non-replica). */
    public static SqlResult normalize(SqlResult raw) {
        List<String> columns = new ArrayList<>(raw.columns());
        Map<String, String> row = new LinkedHashMap<>();
        boolean configured = !raw.rows().isEmpty();
        if (configured) {
            row.putAll(raw.firstRow());
        }
        Map<String, String> byLower = new LinkedHashMap<>();
        row.forEach((k, v) -> byLower.put(k.toLowerCase(Locale.ROOT), v));
        for (Map.Entry<String, List<String>> e : NAMES.entrySet()) {
            String value = null;
            for (String candidate : e.getValue()) {
                String lower = candidate.toLowerCase(Locale.ROOT);
                if (byLower.containsKey(lower)) {
                    value = byLower.get(lower);
                    break;
                }
            }
            if (!configured && (e.getKey().equals("io_running") || e.getKey().equals("sql_running"))) {
                value = "No";
            }
            put(columns, row, e.getKey(), value);
        }
        put(columns, row, "configured", configured ? "yes" : "no");
        return new SqlResult(List.copyOf(columns), List.of(java.util.Collections.unmodifiableMap(row)), -1);
    }

    private static void put(List<String> columns, Map<String, String> row, String name, String value) {
        if (!columns.contains(name)) {
            columns.add(name);
        }
        row.put(name, value);
    }
}
