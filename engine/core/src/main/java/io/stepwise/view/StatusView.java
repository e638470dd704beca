package io.stepwise.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunSummary;
import io.stepwise.text.Durations;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code status} shows, as text or JSON from the same records. A run recorded as running whose engine
 * is gone (dead pid on this machine, or an expired lease) is shown as interrupted, with why.
 */
public final class StatusView {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A run as {@code status} lists it; {@code interrupted} says why its engine is gone, when it is. */
    public record Run(String id, String procedure, String cluster, String state, String currentStep, String operator,
                      String started, @JsonInclude(JsonInclude.Include.NON_NULL) String interrupted,
                      @JsonInclude(JsonInclude.Include.NON_NULL) List<Step> steps) {
        static Run of(RunSummary r, String gone, List<Step> steps) {
            return new Run(r.id(), r.procedure(), r.cluster(), gone != null ? "interrupted" : lower(r.state()),
                    r.currentStep(), r.operator(), String.valueOf(r.startedAt()), gone, steps);
        }
    }

    /**
     * A step on a host; {@code durationMs} is null until it has both a start and an end; {@code progress}: a running
     * step's latest progress (text, what, bytes, total, bytes_per_s, eta_s, at), absent otherwise.
     */
    public record Step(String step, String host, String state, int attempts, Long durationMs, String note,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> progress) {
        static Step of(Summary.Row r) {
            return new Step(r.step(), r.host(), r.state().name().toLowerCase(Locale.ROOT), r.attempts(),
                    r.duration() == null ? null : r.duration().toMillis(), r.note(), r.progress());
        }
    }

    private StatusView() {
    }

    /** Every run; {@code gone}: run id → why its engine is gone. */
    public static String runs(List<RunSummary> runs, Map<String, String> gone, boolean json) {
        if (json) {
            return json(runs.stream().map(r -> Run.of(r, gone.get(r.id()), null)).toList());
        }
        StringBuilder sb = new StringBuilder();
        if (runs.isEmpty()) {
            sb.append("no runs yet\n");
        } else {
            int[] w = {"RUN".length(), "PROCEDURE".length(), "CLUSTER".length(), "interrupted".length(),
                "CURRENT STEP".length(), "OPERATOR".length()};
            for (RunSummary r : runs) {
                String[] cells = {r.id(), r.procedure(), r.cluster(), "", r.currentStep() == null ? "-" : r.currentStep(),
                    r.operator()};
                for (int i = 0; i < w.length; i++) {
                    w[i] = Math.max(w[i], cells[i].length());
                }
            }
            String fmt = "%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  %-" + w[3] + "s  %-" + w[4] + "s  %-" + w[5]
                    + "s  %s%n";
            sb.append(String.format(Locale.ROOT, fmt, "RUN", "PROCEDURE", "CLUSTER", "STATE", "CURRENT STEP",
                    "OPERATOR", "STARTED"));
            for (RunSummary r : runs) {
                sb.append(String.format(Locale.ROOT, fmt, r.id(), r.procedure(), r.cluster(),
                        gone.containsKey(r.id()) ? "interrupted" : lower(r.state()),
                        r.currentStep() == null ? "-" : r.currentStep(), r.operator(), Durations.at(r.startedAt())));
            }
        }
        gone.forEach((id, why) -> sb.append("run ").append(id).append(" is interrupted: ").append(why)
                .append("; continue it with stepwise resume ").append(id).append('\n'));
        return sb.toString();
    }

    /** One run with its steps; {@code summary} may be null for a run the list does not hold. */
    public static String run(RunInfo info, RunSummary summary, List<Summary.Row> rows, String gone, boolean json) {
        if (json) {
            List<Step> steps = rows.stream().map(Step::of).toList();
            return json(summary == null ? Map.of("steps", steps) : Run.of(summary, gone, steps));
        }
        return "run " + info.id() + ": " + info.procedure() + " on " + info.cluster() + ", "
                + (summary == null ? "?" : gone != null ? "interrupted (" + gone + ")" : lower(summary.state()))
                + ", started " + Durations.at(info.startedAt()) + " by " + info.operator() + "\n" + Summary.table(rows);
    }

    private static String lower(RunState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status as JSON: " + e.getMessage(), e);
        }
    }
}
