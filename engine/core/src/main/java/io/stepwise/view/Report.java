package io.stepwise.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stepwise.store.Decision;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunSummary;
import io.stepwise.text.Durations;
import io.stepwise.text.Escape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A change-ticket record of a run: who ran what and when, parameters (secrets masked), every step with
 * host, times and outcome, captured values, and every decision with its author and note. Built only
 * from what the store holds, which never contains a secret.
 */
public final class Report {
    private final RunInfo info;
    private final RunSummary summary;
    private final List<RunEvent> events;
    private final List<Summary.Row> rows;

    public Report(RunInfo info, RunSummary summary, List<RunEvent> events, List<Map.Entry<String, List<String>>> layout) {
        this.info = info;
        this.summary = summary;
        this.events = events;
        this.rows = Summary.rows(events, layout);
    }

    private String state() {
        return summary == null ? "unknown" : summary.state().name().toLowerCase(Locale.ROOT);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Run ").append(m(info.id())).append(": ").append(m(info.procedure())).append(" on ")
                .append(m(info.cluster())).append("\n\n");
        md.append("- State: ").append(state()).append('\n');
        md.append("- Started: ").append(Durations.at(info.startedAt())).append(" by ").append(m(info.operator())).append('\n');
        md.append("- Procedure: ").append(m(info.procedureFile())).append(" (sha256 ")
                .append(info.procedureFingerprint()).append(")\n");
        md.append("- Inventory: ").append(m(info.inventoryFile())).append(" (sha256 ")
                .append(info.inventoryFingerprint()).append(")\n\n");
        md.append("## Parameters\n\n");
        Map<String, String[]> effective = effective(events);
        if (!effective.isEmpty()) {
            effective.forEach((k, v) -> md.append("- ").append(m(k)).append(" = ").append(m(v[0])).append(" (")
                    .append(m(v[1])).append(")\n"));
        } else {
            if (info.params().isEmpty()) {
                md.append("(none)\n");
            }
            info.params().forEach((k, v) -> md.append("- ").append(m(k)).append(" = ").append(m(v)).append('\n'));
        }
        md.append("\n## Sessions\n\n");
        for (Session s : sessions(events)) {
            md.append("- ").append(s.at() == null ? "" : Durations.at(s.at()) + " ").append(m(s.text())).append('\n');
        }
        md.append("\n## Steps\n\n| Step | Host | Outcome | Started | Ended | Attempts | Note |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Summary.Row r : rows) {
            md.append("| ").append(m(r.step())).append(" | ").append(m(r.host())).append(" | ")
                    .append(r.state().name().toLowerCase(Locale.ROOT)).append(" | ").append(Durations.at(r.started()))
                    .append(" | ").append(Durations.at(r.ended())).append(" | ").append(r.attempts()).append(" | ")
                    .append(cell(r.note())).append(" |\n");
        }
        md.append("\n## Captured values\n\n");
        boolean any = false;
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.CAPTURED) {
                for (var c : e.data().entrySet()) {
                    md.append("- ").append(m(c.getKey())).append(" = ").append(m(c.getValue())).append(" (step ")
                            .append(m(e.stepId())).append(" on ").append(m(e.host())).append(")\n");
                    any = true;
                }
            }
        }
        md.append(any ? "" : "(none)\n");
        md.append("\n## Postconditions and state\n\n");
        List<FinalCheckResult> finals = FinalCheckResult.latest(events);
        for (FinalCheckResult f : finals) {
            md.append("- ").append(f.kind().equals("state") ? "state" : f.ok() ? "holds" : "FAILED").append(": ")
                    .append(cell(f.title())).append(" on ").append(f.host())
                    .append(f.ok() ? "" : " — " + cell(f.note()));
            f.values().forEach((k, v) -> md.append(k.isEmpty() ? "; value `" : "; " + k + " = `")
                    .append(cell(v).replace("`", "'")).append('`'));
            md.append('\n');
        }
        md.append(finals.isEmpty() ? "(none)\n" : "");
        md.append("\n## Decisions\n\n");
        any = false;
        for (RunEvent e : events) {
            if (decided(e)) {
                md.append("- ").append(Durations.at(e.at())).append(' ').append(m(e.actor())).append(": ").append(decision(e))
                        .append(from(e));
                if (e.note() == null || e.note().isBlank()) {
                    md.append('\n');
                } else if (e.note().contains("\n") || e.note().contains("\r")) {
                    md.append(", noting:\n").append(Escape.markdownQuote(e.note().strip(), "  "));
                } else {
                    md.append(" — \"").append(m(e.note())).append("\"\n");
                }
                for (EvidenceValue v : EvidenceValue.fromData(e.data())) {
                    md.append("  - saw ").append(inline(v.label())).append(": ").append(inline(v.value())).append('\n');
                }
                any = true;
            } else if (e.type() == RunEvent.EventType.DECISION_REFUSED) {
                md.append("- ").append(Durations.at(e.at())).append(' ').append(m(e.actor())).append(": ")
                        .append(m(e.data().get(Decision.KEY))).append(' ').append(m(e.stepId())).append(" on ")
                        .append(m(e.host())).append(" **refused**: ").append(inline(e.note())).append('\n');
                any = true;
            }
        }
        md.append(any ? "" : "(none)\n");
        md.append(Deliveries.markdown(events));
        return md.toString();
    }

    private static String from(RunEvent e) {
        String channel = e.data() == null ? null : e.data().get("channel");
        if (channel == null) {
            return "";
        }
        String address = e.data().get("address");
        return " (" + channel + (address == null ? "" : " " + inline(address)) + ")";
    }

    /** Text for a markdown line: one line, markdown's own characters escaped. */
    static String inline(String s) {
        return s == null ? "" : Escape.markdownInline(s);
    }

    /** A decision event, an accepted change, or a run-state change a person decided (abandon). */
    private static boolean decided(RunEvent e) {
        return e.type() == RunEvent.EventType.DECISION || e.type() == RunEvent.EventType.CHANGES_ACCEPTED
                || e.type() == RunEvent.EventType.RUN_STATE && Decision.of(e) != null;
    }

    private static String decision(RunEvent e) {
        if (e.type() == RunEvent.EventType.CHANGES_ACCEPTED) {
            return "accepted changes to the procedure/inventory";
        }
        if (e.stepId() == null) {
            return m(e.data().get(Decision.KEY)) + " the run";
        }
        return m(e.data().get(Decision.KEY)) + " " + m(e.stepId()) + (e.host() == null ? "" : " on " + m(e.host()));
    }

    /**
     * One line of a run's sessions: an engine starting or resuming it, and how each session ended — paused, failed,
     * finished, abandoned, interrupted by Ctrl-C, or gone without a record (killed, crashed, lease taken over), which
     * shows when the next session starts while the run was still recorded as running. {@code at} is null when the
     * time is not known (an engine gone without a record).
     */
    public record Session(java.time.Instant at, String text) {
    }

    /** Keys of the start event's data: a param's effective value, and where it came from. */
    public static final String PARAM = "param.";
    public static final String SOURCE = "param-source.";

    /** Every param with its effective value and source as the run started ({value, source}); empty for older runs. */
    public static Map<String, String[]> effective(List<RunEvent> events) {
        Map<String, String[]> out = new LinkedHashMap<>();
        events.stream().filter(e -> e.type() == RunEvent.EventType.RUN_STARTED && e.data() != null).findFirst()
                .ifPresent(e -> e.data().forEach((k, v) -> {
                    if (k.startsWith(PARAM)) {
                        String name = k.substring(PARAM.length());
                        out.put(name, new String[] {v, e.data().getOrDefault(SOURCE + name, "")});
                    }
                }));
        return out;
    }

    /** The sessions of a run, oldest first, from its events. */
    public static List<Session> sessions(List<RunEvent> events) {
        List<Session> out = new ArrayList<>();
        boolean open = false;
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.RUN_STARTED || e.type() == RunEvent.EventType.RUN_RESUMED) {
                if (open) {
                    out.add(new Session(null, "the engine of the session above stopped without a record (killed,"
                            + " e.g. kill -9, crashed, or its lease was taken over); a step it was running was in doubt"));
                }
                out.add(new Session(e.at(), (e.type() == RunEvent.EventType.RUN_STARTED ? "started" : "resumed")
                        + " by " + e.actor()));
                open = true;
            } else if (e.type() == RunEvent.EventType.RUN_STATE && e.runState() != null
                    && (open || e.runState() == io.stepwise.store.RunState.ABANDONED)) {
                String at = e.stepId() == null ? "" : " at step " + e.stepId();
                String text = switch (e.runState()) {
                    case INTERRUPTED -> "interrupted" + at + (e.note() == null ? "" : " (" + e.note() + ")");
                    case PAUSED -> "paused" + at;
                    case FAILED -> "failed" + at;
                    case FINISHED -> "finished";
                    case ABANDONED -> "abandoned" + (e.actor() == null ? "" : " by " + e.actor());
                    case RUNNING -> null;
                };
                if (text != null) {
                    out.add(new Session(e.at(), text));
                    open = false;
                }
            }
        }
        return out;
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("id", info.id());
        root.put("procedure", info.procedure());
        root.put("cluster", info.cluster());
        root.put("state", state());
        root.put("operator", info.operator());
        root.put("started", String.valueOf(info.startedAt()));
        root.put("procedureFile", info.procedureFile());
        root.put("inventoryFile", info.inventoryFile());
        root.put("params", info.params());
        List<Map<String, Object>> sessions = new ArrayList<>();
        for (Session se : sessions(events)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", se.at() == null ? null : se.at().toString());
            m.put("what", se.text());
            sessions.add(m);
        }
        root.put("sessions", sessions);
        List<Map<String, Object>> parameters = new ArrayList<>();
        effective(events).forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", k);
            m.put("value", v[0]);
            m.put("source", v[1]);
            parameters.add(m);
        });
        root.put("parameters", parameters);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Summary.Row r : rows) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", r.step());
            s.put("host", r.host());
            s.put("state", r.state().name().toLowerCase(Locale.ROOT));
            s.put("started", r.started() == null ? null : r.started().toString());
            s.put("ended", r.ended() == null ? null : r.ended().toString());
            s.put("attempts", r.attempts());
            s.put("note", r.note());
            Map<String, String> captured = new LinkedHashMap<>();
            events.stream().filter(e -> e.type() == RunEvent.EventType.CAPTURED && r.step().equals(e.stepId())
                    && r.host().equals(e.host())).forEach(e -> captured.putAll(e.data()));
            s.put("captured", captured);
            steps.add(s);
        }
        root.put("steps", steps);
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (RunEvent e : events) {
            if (decided(e)) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("at", e.at().toString());
                d.put("who", e.actor());
                d.put("decision", e.type() == RunEvent.EventType.CHANGES_ACCEPTED ? Decision.ACCEPT_CHANGES.wire()
                        : e.data().get(Decision.KEY));
                d.put("step", e.stepId());
                d.put("host", e.host());
                d.put("note", e.note());
                if (e.data() != null && e.data().containsKey("channel")) {
                    d.put("channel", e.data().get("channel"));
                    d.put("address", e.data().get("address"));
                    d.put("evidence", EvidenceValue.fromData(e.data()));
                }
                decisions.add(d);
            } else if (e.type() == RunEvent.EventType.DECISION_REFUSED) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("at", e.at().toString());
                d.put("who", e.actor());
                d.put("decision", e.data().get(Decision.KEY));
                d.put("step", e.stepId());
                d.put("host", e.host());
                d.put("refused", e.note());
                decisions.add(d);
            }
        }
        root.put("decisions", decisions);
        root.put("postconditions", FinalCheckResult.latest(events));
        root.put("notifications", Deliveries.json(events));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cell(String s) {
        return s == null ? "" : m(s);
    }

    private static String m(Object o) {
        return Escape.markdownInline(o == null ? "-" : o.toString());
    }
}
