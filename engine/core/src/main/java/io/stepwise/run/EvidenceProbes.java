package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Gate;
import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.plan.Values;
import io.stepwise.replication.Replication;
import io.stepwise.text.Durations;
import io.stepwise.text.Template;
import io.stepwise.text.TemplateException;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.SqlResult;
import io.stepwise.transport.TransportException;
import io.stepwise.view.EvidenceValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a manual step's evidence probes and turns each result into the short text a person reads: a
 * command's output, a query's rows, or the replica's threads, lag and last errors. A probe that fails
 * shows {@code error: ...} instead of stopping the run.
 */
final class EvidenceProbes {
    /** How long one probe may take. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> REPLICA = List.of("io_running", "sql_running", "seconds_behind",
            "last_io_error", "last_sql_error");

    private final Plan plan;
    private final io.stepwise.transport.Connector connector;
    private final Function<Host, String> defaultDatabase;

    EvidenceProbes(Plan plan, io.stepwise.transport.Connector connector, Function<Host, String> defaultDatabase) {
        this.plan = plan;
        this.connector = connector;
        this.defaultDatabase = defaultDatabase;
    }

    /** Every probe of the gate on every host of its role, in the order written. */
    List<EvidenceValue> probe(PlannedStep ps, Gate gate, String runId, Map<String, String> captures,
                              Function<String, String> mask) {
        List<EvidenceValue> out = new ArrayList<>();
        for (Gate.Evidence e : gate.evidence()) {
            String role = e.on() != null ? e.on() : ps.step().on();
            List<Host> hosts = plan.inventory().hostsWithRole(role);
            for (Host h : hosts) {
                String value;
                try {
                    value = value(e.probe(), h, Values.resolver(plan, h, captures, runId, false));
                } catch (TransportException | TemplateException ex) {
                    value = "error: " + ex.getMessage();
                }
                out.add(new EvidenceValue(e.title(), h.name(), mask.apply(value)));
            }
        }
        return out;
    }

    private String value(Action probe, Host host, Function<String, String> values) throws TransportException {
        HostConnection conn = connector.connect(host);
        if (probe instanceof Action.Shell s) {
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            ExecResult r = conn.exec(Template.shell(s.command(), values), PROBE_TIMEOUT, new OutputListener() {
                @Override
                public void stdout(String chunk) {
                    append(out, chunk);
                }

                @Override
                public void stderr(String chunk) {
                    append(err, chunk);
                }
            });
            if (r.timedOut()) {
                return "error: no answer within " + Durations.format(PROBE_TIMEOUT);
            }
            String text = out.toString().strip();
            return r.exitCode() == 0 ? text : "error: exit " + r.exitCode() + (err.isEmpty() ? "" : ": "
                    + err.toString().strip()) + (text.isEmpty() ? "" : " | " + text);
        }
        if (probe instanceof Action.Sql q) {
            Template.SqlStatement st = Template.sql(q.sql(), values);
            String db = q.database() != null ? Template.text(q.database(), values) : defaultDatabase.apply(host);
            return rows(conn.sql(db).execute(st.sql(), st.binds(), PROBE_TIMEOUT), null);
        }
        if (probe instanceof Action.Replication r) {
            return rows(Replication.run(conn.sql(defaultDatabase.apply(host)), r.op(), Map.of()), REPLICA);
        }
        throw new IllegalArgumentException("evidence cannot be a " + probe.getClass().getSimpleName());
    }

    private static void append(StringBuilder sb, String chunk) {
        if (sb.length() < EvidenceValue.MAX_VALUE * 2) {
            sb.append(chunk);
        }
    }

    /** Rows as {@code col=value, ...} lines; {@code only} limits the columns (null: all). */
    static String rows(SqlResult r, List<String> only) {
        if (r.rows().isEmpty()) {
            return "(no rows)";
        }
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> row : r.rows()) {
            StringBuilder line = new StringBuilder();
            for (String col : only != null ? only : r.columns()) {
                line.append(line.length() == 0 ? "" : ", ").append(col).append('=').append(row.get(col));
            }
            sb.append(sb.length() == 0 ? "" : "\n").append(line);
        }
        return sb.toString();
    }
}
