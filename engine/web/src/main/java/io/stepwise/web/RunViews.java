package io.stepwise.web;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.access.Access;
import io.stepwise.model.StepState;
import io.stepwise.run.GateView;
import io.stepwise.run.RunException;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunSummary;
import io.stepwise.store.StoreException;
import io.stepwise.view.EvidenceValue;
import io.stepwise.view.Summary;
import io.stepwise.web.view.DecisionItem;
import io.stepwise.web.view.EvidenceItem;
import io.stepwise.web.view.HostView;
import io.stepwise.web.view.Inert;
import io.stepwise.web.view.RunRow;
import io.stepwise.web.view.RunView;
import io.stepwise.web.view.RunsView;
import io.stepwise.web.view.StepView;
import io.stepwise.web.view.WaitingView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Builds the views of runs from the engine's facade: the list, one run, a waiting step. Reads only. */
final class RunViews {
    private static final int TAIL_LINES = 30;
    private static final int TAIL_CHARS = 6000;
    private static final List<StepState> SHOWN_FIRST = List.of(StepState.FAILED, StepState.WAITING_FOR_PERSON,
            StepState.IN_DOUBT, StepState.RUNNING, StepState.INTERRUPTED, StepState.REJECTED);

    private final Engine engine;
    private final Clock clock;
    private final Layouts layouts;

    RunViews(Engine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
        this.layouts = new Layouts(engine);
    }

    RunsView runs(String state, String cluster) throws StepwiseException {
        List<RunSummary> all = engine.runs();
        TreeSet<String> clusters = new TreeSet<>(); // a cluster is named as shown: its inventory's text, inert
        all.forEach(r -> clusters.add(Inert.text(r.cluster())));
        List<RunRow> rows = all.stream()
                .filter(r -> state == null || state.isBlank() || r.state().name().equalsIgnoreCase(state))
                .filter(r -> cluster == null || cluster.isBlank() || Inert.text(r.cluster()).equals(cluster))
                .sorted(Comparator.comparingInt((RunSummary r) -> rank(r.state())))
                .map(this::row).toList();
        List<String> states = java.util.Arrays.stream(RunState.values()).map(RunViews::lower).toList();
        return new RunsView(rows, states, List.copyOf(clusters), state, cluster, all.size());
    }

    /**
     * The runs list's order, most in need of a person first (newest first within each): paused at a gate; failed or
     * interrupted, which a person resumes or abandons; running; finished or abandoned.
     */
    static int rank(RunState state) {
        return switch (state) {
            case PAUSED -> 0;
            case FAILED, INTERRUPTED -> 1;
            case RUNNING -> 2;
            case FINISHED, ABANDONED -> 3;
        };
    }

    private RunRow row(RunSummary r) {
        return new RunRow(r.id(), Inert.text(r.procedure()), Inert.text(r.cluster()), lower(r.state()),
                Inert.text(r.currentStep()), Inert.text(r.operator()), Clocks.at(r.startedAt()),
                Clocks.span(r.startedAt() == null ? null : Duration.between(r.startedAt(), clock.instant())),
                r.state() == RunState.PAUSED);
    }

    RunView run(String runId) throws StepwiseException {
        RunInfo info = engine.info(runId);
        List<RunEvent> events = engine.events(info.id());
        Layouts.Layout layout = layouts.of(info);
        List<Summary.Row> rows = Summary.rows(events, layout.steps());
        RunState state = engine.summary(info.id()).map(RunSummary::state).orElse(RunState.RUNNING);
        Map<String, List<Summary.Row>> bySteps = new LinkedHashMap<>();
        rows.forEach(r -> bySteps.computeIfAbsent(r.step(), k -> new ArrayList<>()).add(r));
        Map<String, Map<String, String>> logs = engine.logs(info.id()); // every output tail in one read
        Map<String, List<String>> needs = layout.needs();
        List<StepView> steps = new ArrayList<>();
        List<Graphs.Box> boxes = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        for (var e : bySteps.entrySet()) {
            StepState s = overall(e.getValue());
            List<HostView> hosts = new ArrayList<>();
            for (Summary.Row r : e.getValue()) {
                hosts.add(host(r, events, logs));
            }
            boolean waits = s == StepState.WAITING_FOR_PERSON;
            if (waits) {
                waiting.add(e.getKey());
            }
            steps.add(new StepView(e.getKey(), lower(s), s == StepState.FAILED || s == StepState.RUNNING || waits, waits,
                    hosts));
            boxes.add(new Graphs.Box(e.getKey(), needs.getOrDefault(e.getKey(), List.of()), lower(s),
                    "#step-" + e.getKey()));
        }
        List<DecisionItem> decisions = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.DECISION || e.type() == RunEvent.EventType.CHANGES_ACCEPTED
                    || e.type() == RunEvent.EventType.DECISION_REFUSED) {
                decisions.add(decision(e));
            }
        }
        for (io.stepwise.view.Report.Session s : io.stepwise.view.Report.sessions(events)) {
            sessions.add((s.at() == null ? "" : Clocks.at(s.at()) + " ") + Inert.text(s.text()));
        }
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, String[]> effective = io.stepwise.view.Report.effective(events);
        if (effective.isEmpty()) {
            info.params().forEach((k, v) -> params.put(Inert.text(k), Inert.text(v)));
        } else {
            effective.forEach((k, v) -> params.put(Inert.text(k), Inert.text(v[0] + " (" + v[1] + ")")));
        }
        return new RunView(info.id(), Inert.text(info.procedure()), Inert.text(info.cluster()), lower(state),
                Inert.text(info.operator()), Clocks.at(info.startedAt()), Inert.text(info.procedureFile()),
                Inert.text(info.inventoryFile()), params, Graphs.layout(boxes), steps, decisions, waiting, sessions,
                state.active() && state != RunState.RUNNING ? "stepwise resume " + info.id() : null, state.active());
    }

    private HostView host(Summary.Row r, List<RunEvent> events, Map<String, Map<String, String>> logs) {
        Map<String, String> captured = new LinkedHashMap<>();
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.CAPTURED && r.step().equals(e.stepId()) && r.host().equals(e.host())) {
                e.data().forEach((k, v) -> captured.put(Inert.text(k), Inert.text(v)));
            }
        }
        String tail = r.state() == StepState.PENDING ? "" : tail(logs.getOrDefault(r.step(), Map.of()).get(r.host()));
        String duration = r.duration() == null ? "" : Clocks.span(r.duration());
        if (r.progress() != null) { // a long copy's latest bytes, rate and time left (a progress event)
            duration = (duration.isEmpty() ? "" : duration + " · ") + Inert.text(r.progress().get("text"));
        }
        return new HostView(Inert.text(r.host()), lower(r.state()), r.attempts(), Clocks.at(r.started()),
                duration, Inert.text(r.note()), captured, tail, !tail.isEmpty());
    }

    static String tail(String output) {
        if (output == null || output.isEmpty()) {
            return "";
        }
        String[] lines = output.split("\n", -1);
        int from = Math.max(0, lines.length - TAIL_LINES - 1);
        String t = String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
        if (t.length() > TAIL_CHARS) {
            t = t.substring(t.length() - TAIL_CHARS);
        }
        return Inert.text((from > 0 || t.length() < output.length() ? "…\n" : "") + t);
    }

    private static DecisionItem decision(RunEvent e) {
        Map<String, String> d = e.data() == null ? Map.of() : e.data();
        String what = e.type() == RunEvent.EventType.CHANGES_ACCEPTED ? "accepted changes"
                : e.type() == RunEvent.EventType.DECISION_REFUSED ? d.getOrDefault("decision", "") + " refused"
                : d.getOrDefault("decision", "");
        String channel = (d.getOrDefault("channel", "") + " " + d.getOrDefault("address", "")).strip();
        List<EvidenceItem> saw = e.type() == RunEvent.EventType.DECISION
                ? EvidenceValue.fromData(d).stream().map(RunViews::evidence).toList() : List.of();
        return new DecisionItem(Clocks.at(e.at()), Inert.text(e.actor()), Inert.text(what), Inert.text(e.stepId()),
                Inert.text(e.host()), Inert.text(channel), Inert.text(e.note()), saw);
    }

    /** A waiting step's page, as {@code operator} may act on it. */
    WaitingView waiting(String runId, String stepId, Access.Operator operator) throws StepwiseException {
        RunInfo info = engine.info(runId);
        List<Summary.Row> rows = engine.steps(info.id()).stream().filter(r -> r.step().equals(stepId)).toList();
        if (rows.isEmpty()) {
            throw new StepwiseException(StepwiseException.Kind.BAD_INPUT, "run " + info.id() + " has no step " + stepId);
        }
        Optional<GateView> gate = engine.gates(info.id()).stream().filter(g -> g.stepId().equals(stepId)).findFirst();
        if (gate.isEmpty()) {
            return new WaitingView(info.id(), stepId, List.of(), "", List.of(), false, false, lower(overall(rows)),
                    List.of(), null, "stepwise resume " + info.id());
        }
        GateView g = gate.get();
        List<EvidenceItem> evidence = g.evidence().stream().map(RunViews::evidence).toList();
        List<String> rules = new ArrayList<>();
        if (!g.approvers().isEmpty()) {
            rules.add("Only " + String.join(", ", g.approvers()) + " may confirm this step.");
        }
        if (g.fourEyes()) {
            rules.add("Four eyes: " + g.startedBy() + " started the run and may not confirm it.");
        }
        String refusal = !operator.approver() ? "You are signed in as a viewer: only approvers may confirm or reject."
                : null;
        return new WaitingView(info.id(), stepId, g.hosts().stream().map(Inert::text).toList(),
                Inert.text(g.instructions()), evidence, true, g.optionalChoice(), lower(overall(rows)),
                rules.stream().map(Inert::text).toList(), refusal, engineWaits(info.id()) ? null : g.resumeCommand());
    }

    /** True when a live engine drives the run (it waits at the gate and goes on by itself once decided). */
    private boolean engineWaits(String runId) throws StepwiseException {
        Optional<RunSummary> s = engine.summary(runId);
        return s.isPresent() && s.get().state() == RunState.RUNNING && engine.engineGone(s.get()).isEmpty();
    }

    private static EvidenceItem evidence(EvidenceValue v) {
        return new EvidenceItem(v.title(), v.host() == null ? "" : v.host(), v.value());
    }

    static StepState overall(List<Summary.Row> rows) {
        for (StepState s : SHOWN_FIRST) {
            if (rows.stream().anyMatch(r -> r.state() == s)) {
                return s;
            }
        }
        if (rows.stream().allMatch(r -> r.state().done())) {
            return rows.stream().anyMatch(r -> r.state() == StepState.SUCCEEDED) ? StepState.SUCCEEDED : rows.get(0).state();
        }
        return rows.stream().anyMatch(r -> r.state() != StepState.PENDING) ? StepState.RUNNING : StepState.PENDING;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
