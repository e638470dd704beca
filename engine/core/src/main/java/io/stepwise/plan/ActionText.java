package io.stepwise.plan;

import io.stepwise.model.Action;
import io.stepwise.model.Expect;
import io.stepwise.text.Durations;
import io.stepwise.text.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One-line descriptions of actions and expectations for people, values rendered by a resolver. */
public final class ActionText {
    private ActionText() {
    }

    /** E.g. {@code $ mysqldump 'xopdb' > master_db.sql} or {@code sql> SELECT ...}. Manual: the instructions. */
    public static String describe(Action a, Function<String, String> values) {
        if (a instanceof Action.Shell s) {
            return "$ " + Template.shell(s.command(), values);
        }
        if (a instanceof Action.Sql s) {
            return "sql" + (s.database() == null ? "" : "[" + Template.text(s.database(), values) + "]") + "> "
                    + Template.sqlForDisplay(s.sql(), values);
        }
        if (a instanceof Action.Wait w) {
            String every = w.interval() == null ? "" : " every " + Durations.format(w.interval());
            String upTo = w.timeout() == null ? "" : " for up to " + Durations.format(w.timeout());
            return "wait" + every + upTo + " until " + expect(w.until()) + ": " + describe(w.probe(), values);
        }
        if (a instanceof Action.Manual m) {
            return "manual: " + Template.text(m.instructions(), values);
        }
        if (a instanceof Action.Copy c) {
            return "copy " + endpoint(c.fromRole(), Template.text(c.fromPath(), values)) + " -> "
                    + endpoint(c.toRole(), Template.text(c.toPath(), values)) + (c.mode() == null ? "" : " (mode " + c.mode() + ")")
                    + (c.via() == Action.Via.DIRECT ? ", sent by the source host itself (ssh)" : "")
                    + (c.compress() ? ", compressed on the wire" : "") + ", verified by SHA-256 on both ends";
        }
        if (a instanceof Action.Reboot r) {
            return "reboot, then wait up to " + Durations.format(r.timeout()) + " for SSH to come back";
        }
        if (a instanceof Action.Replication r) {
            StringBuilder sb = new StringBuilder("replication " + r.op().yamlName());
            for (Map.Entry<String, String> e : r.args().entrySet()) {
                sb.append(' ').append(e.getKey()).append('=').append(Template.text(e.getValue(), values));
            }
            return sb.toString();
        }
        return String.valueOf(a);
    }

    private static String endpoint(String role, String path) {
        return (role == null ? "" : role + ":") + path;
    }

    /** E.g. {@code exit 0, output /done/, row {ro=0}}. */
    static String expect(Expect e) {
        if (e == null) {
            return "success";
        }
        List<String> parts = new ArrayList<>();
        if (!e.exitCodes().equals(List.of(0))) {
            parts.add("exit " + e.exitCodes());
        }
        if (e.output() != null) {
            parts.add("output /" + e.output() + "/");
        }
        if (e.noOutput() != null) {
            parts.add("no output /" + e.noOutput() + "/");
        }
        if (!e.row().isEmpty()) {
            parts.add("row " + e.row());
        }
        if (e.rows() != null) {
            parts.add(e.rows() + " rows");
        }
        return parts.isEmpty() ? "exit 0" : String.join(", ", parts);
    }
}
