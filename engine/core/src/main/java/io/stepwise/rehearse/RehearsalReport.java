package io.stepwise.rehearse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stepwise.run.Hold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a rehearsal, per step and kill point: a table for the terminal, JSON and markdown. Outside this
 * package it is read only as that text and {@link #passed}; the verdicts behind it stay inside.
 */
public final class RehearsalReport {
    private final String procedure;
    private final String cluster;
    private final List<String> steps;
    private final List<Hold.Phase> phases;
    private final List<Verdict> verdicts;
    private final String problem;
    private final long cleanMillis;
    private final int resets;
    private final long resetMillis;
    private final int invocations;
    private final long totalMillis;

    /** {@code problem}: why the rehearsal could not judge (the clean run did not finish); null when it could. */
    RehearsalReport(String procedure, String cluster, List<String> steps, List<Hold.Phase> phases, List<Verdict> verdicts,
                    String problem, long cleanMillis, int resets, long resetMillis, int invocations, long totalMillis) {
        this.procedure = procedure;
        this.cluster = cluster;
        this.steps = List.copyOf(steps);
        this.phases = List.copyOf(phases);
        this.verdicts = List.copyOf(verdicts);
        this.problem = problem;
        this.cleanMillis = cleanMillis;
        this.resets = resets;
        this.resetMillis = resetMillis;
        this.invocations = invocations;
        this.totalMillis = totalMillis;
    }

    /** True when the clean run finished and no step ended different. */
    public boolean passed() {
        return problem == null && verdicts.stream().noneMatch(v -> v.kind() == Verdict.Kind.ENDED_DIFFERENT);
    }

    /** The worst verdict of each rehearsed step, in plan order. */
    private Map<String, Verdict.Kind> perStep() {
        Map<String, Verdict.Kind> out = new LinkedHashMap<>();
        for (String s : steps) {
            verdicts.stream().filter(v -> v.step().equals(s)).map(Verdict::kind)
                    .max(Enum::compareTo).ifPresent(k -> out.put(s, k));
        }
        return out;
    }

    static String when(Hold.Phase p) {
        return switch (p) {
            case STARTED -> "as it started";
            case RAN -> "after its action, before its outcome was recorded";
            case DONE -> "right after it was recorded done";
        };
    }

    private static String cell(Verdict v) {
        return switch (v.kind()) {
            case NOT_APPLICABLE -> "-";
            case NOT_REACHED -> "not reached";
            case RESUMED_CLEANLY -> "clean";
            case NEEDED_DECISION -> "decision";
            case ENDED_DIFFERENT -> "DIFFERENT";
        };
    }

    /** The terminal's table, then the details of every decision and difference. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        if (problem != null) {
            return "rehearsal of " + procedure + " could not judge: " + problem + "\n";
        }
        int w = Math.max(4, steps.stream().mapToInt(String::length).max().orElse(4));
        sb.append(String.format("%-" + w + "s", "step"));
        phases.forEach(p -> sb.append("  ").append(String.format("%-11s", p.word())));
        sb.append("  verdict\n");
        List<String> details = new ArrayList<>();
        for (var e : perStep().entrySet()) {
            sb.append(String.format("%-" + w + "s", e.getKey()));
            for (Hold.Phase p : phases) {
                Verdict v = verdicts.stream().filter(x -> x.step().equals(e.getKey()) && x.phase() == p).findFirst()
                        .orElse(null);
                sb.append("  ").append(String.format("%-11s", v == null ? "" : cell(v)));
                if (v != null && (v.kind() == Verdict.Kind.NEEDED_DECISION || v.kind() == Verdict.Kind.ENDED_DIFFERENT
                        || v.kind() == Verdict.Kind.NOT_REACHED)) {
                    v.detail().forEach(d -> details.add(e.getKey() + ", killed " + when(p) + ": " + d));
                }
            }
            sb.append("  ").append(e.getValue().words()).append('\n');
        }
        if (!details.isEmpty()) {
            sb.append('\n');
            details.forEach(d -> sb.append("  ").append(d).append('\n'));
        }
        sb.append('\n').append(summary()).append('\n');
        return sb.toString();
    }

    /** One line: counts and figures. */
    public String summary() {
        Map<Verdict.Kind, Long> count = new LinkedHashMap<>();
        perStep().values().forEach(k -> count.merge(k, 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        count.forEach((k, n) -> parts.add(n + " " + k.words()));
        return (passed() ? "PASSED: " : "FAILED: ") + (parts.isEmpty() ? "clean run only" : String.join(", ", parts))
                + ". " + verdicts.stream().filter(v -> v.millis() > 0).count() + " kills, " + invocations
                + " engine runs, " + resets + " resets (" + Rehearsal.seconds(resets == 0 ? 0 : resetMillis / resets)
                + " each), clean run " + Rehearsal.seconds(cleanMillis) + ", total " + Rehearsal.seconds(totalMillis);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Rehearsal of " + procedure + " on " + cluster + "\n\n");
        if (problem != null) {
            return md.append("Could not judge: ").append(problem).append('\n').toString();
        }
        md.append(summary()).append("\n\n| step |");
        phases.forEach(p -> md.append(" killed ").append(p.word()).append(" |"));
        md.append(" verdict |\n|---|");
        phases.forEach(p -> md.append("---|"));
        md.append("---|\n");
        for (var e : perStep().entrySet()) {
            md.append("| ").append(e.getKey()).append(" |");
            for (Hold.Phase p : phases) {
                md.append(' ').append(verdicts.stream().filter(x -> x.step().equals(e.getKey()) && x.phase() == p)
                        .findFirst().map(v -> v.kind().words() + (v.kind() == Verdict.Kind.NEEDED_DECISION
                                || v.kind() == Verdict.Kind.ENDED_DIFFERENT ? ": " + String.join("; ", v.detail()) : ""))
                        .orElse("").replace("|", "\\|").replace("\n", " ")).append(" |");
            }
            md.append(' ').append(e.getValue().words()).append(" |\n");
        }
        md.append("\nKill points: started = ").append(when(Hold.Phase.STARTED)).append("; ran = ")
                .append(when(Hold.Phase.RAN)).append("; done = ").append(when(Hold.Phase.DONE)).append(".\n");
        return md.toString();
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("procedure", procedure);
        root.put("cluster", cluster);
        root.put("passed", passed());
        root.put("problem", problem);
        Map<String, String> steps = new LinkedHashMap<>();
        perStep().forEach((s, k) -> steps.put(s, k.words()));
        root.put("steps", steps);
        List<Map<String, Object>> kills = new ArrayList<>();
        for (Verdict v : verdicts) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("step", v.step());
            k.put("killed", v.phase().word());
            k.put("verdict", v.kind().words());
            k.put("detail", v.detail());
            k.put("seconds", v.millis() / 1000.0);
            kills.add(k);
        }
        root.put("kills", kills);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cleanRunSeconds", cleanMillis / 1000.0);
        figures.put("resets", resets);
        figures.put("resetSecondsTotal", resetMillis / 1000.0);
        figures.put("engineRuns", invocations);
        figures.put("totalSeconds", totalMillis / 1000.0);
        root.put("figures", figures);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
