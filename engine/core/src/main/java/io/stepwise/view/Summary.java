package io.stepwise.view;

import io.stepwise.model.Host;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent;
import io.stepwise.text.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table shown at the end of a run and by {@code status RUN}: step, host, state, duration. */
public final class Summary {
    /**
     * One row: a step on a host; {@code progress} is the latest progress of a running step's long operation
     * ({@code text} and the fields of its {@link RunEvent.EventType#PROGRESS} event), else null.
     */
    public record Row(String step, String host, StepState state, Instant started, Instant ended, int attempts,
                      String note, Map<String, String> progress) {
        /**
         * The one definition of a step's duration on a host: from when it first started (its first attempt's
         * RUNNING, or a manual step's first wait for a person) to its last recorded state; none for a step that
         * never started (pending, skipped).
         */
        public Duration duration() {
            return started == null || ended == null ? null : Duration.between(started, ended);
        }
    }

    /**
     * The duration of one step on one host, as {@link Row#duration()} defines it (what the live line shows);
     * {@code events}: the run's, or just that step's on that host (the same duration, found sooner).
     */
    public static Duration duration(List<RunEvent> events, String stepId, String host) {
        return rows(events, List.of(Map.entry(stepId, List.of(host)))).get(0).duration();
    }

    private Summary() {
    }

    private record Key(String stepId, String host) {
    }

    /** Rows from the run's events, in the order given by {@code steps} (step id → hosts). */
    public static List<Row> rows(List<RunEvent> events, List<Map.Entry<String, List<String>>> steps) {
        Map<Key, Row> byKey = new HashMap<>();
        Map<Key, Integer> manualWaits = new HashMap<>();
        Map<Key, Map<String, String>> progress = new HashMap<>();
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.PROGRESS && e.stepId() != null) {
                Map<String, String> p = new java.util.LinkedHashMap<>();
                p.put("text", e.note() == null ? "" : e.note());
                if (e.data() != null) {
                    p.putAll(e.data());
                }
                p.put("at", String.valueOf(e.at()));
                progress.put(new Key(e.stepId(), e.host()), p);
                continue;
            }
            if (e.type() != RunEvent.EventType.STEP_STATE) {
                continue;
            }
            Key key = new Key(e.stepId(), e.host());
            progress.remove(key); // a new state: what an earlier attempt had got to is no longer current
            Row old = byKey.get(key);
            // a manual step's attempt is each time it starts waiting for a person (its events keep attempt 0)
            boolean manualWait = e.state() == StepState.WAITING_FOR_PERSON && e.data() != null
                    && e.data().containsKey("instructions") && (old == null || old.state() != StepState.WAITING_FOR_PERSON);
            int waits = manualWaits.merge(key, manualWait ? 1 : 0, Integer::sum);
            Instant started = old == null ? null : old.started();
            if (started == null && (e.state() == StepState.RUNNING || manualWait)) {
                started = e.at();
            }
            boolean end = e.state() != StepState.RUNNING;
            Instant ended = end ? e.at() : old == null ? null : old.ended();
            byKey.put(key, new Row(key.stepId(), key.host(), e.state(), started, ended,
                    Math.max(Math.max(e.attempt(), waits), old == null ? 0 : old.attempts()), e.note(), null));
        }
        List<Row> out = new ArrayList<>();
        for (var s : steps) {
            for (String h : s.getValue()) {
                Key key = new Key(s.getKey(), h);
                Row r = byKey.get(key);
                Map<String, String> p = r != null && r.state() == StepState.RUNNING ? progress.get(key) : null;
                out.add(r == null ? new Row(s.getKey(), h, StepState.PENDING, null, null, 0, null, null)
                        : p == null ? r : new Row(r.step(), r.host(), r.state(), r.started(), r.ended(), r.attempts(),
                                r.note(), java.util.Collections.unmodifiableMap(p)));
            }
        }
        return out;
    }

    public static List<Map.Entry<String, List<String>>> layout(List<PlannedStep> steps) {
        return steps.stream().map(ps -> Map.entry(ps.id(), ps.hosts().stream().map(Host::name).toList())).toList();
    }

    /** The layout when the files cannot be read: the run's steps as recorded, hosts as seen in events. */
    public static List<Map.Entry<String, List<String>>> layout(io.stepwise.store.RunInfo info, List<RunEvent> events) {
        Map<String, List<String>> hosts = new java.util.LinkedHashMap<>();
        info.stepFingerprints().keySet().forEach(id -> hosts.put(id, new ArrayList<>()));
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.STEP_STATE) {
                List<String> list = hosts.computeIfAbsent(e.stepId(), k -> new ArrayList<>());
                if (!list.contains(e.host())) {
                    list.add(e.host());
                }
            }
        }
        return new ArrayList<>(hosts.entrySet());
    }

    /** A fixed-width text table. */
    public static String table(List<Row> rows) {
        int w1 = "STEP".length();
        int w2 = "HOST".length();
        for (Row r : rows) {
            w1 = Math.max(w1, r.step().length());
            w2 = Math.max(w2, r.host().length());
        }
        String fmt = "%-" + w1 + "s  %-" + w2 + "s  %-18s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "STEP", "HOST", "STATE", "DURATION"));
        for (Row r : rows) {
            String duration = r.duration() == null ? "" : Durations.format(r.duration());
            if (r.progress() != null) {
                duration = (duration.isEmpty() ? "" : duration + "  ") + r.progress().get("text");
            }
            sb.append(String.format(Locale.ROOT, fmt, r.step(), r.host(), r.state().name().toLowerCase(Locale.ROOT),
                    duration));
        }
        return sb.toString();
    }
}
