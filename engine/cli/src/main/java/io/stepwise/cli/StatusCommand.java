package io.stepwise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stepwise.Engine;
import io.stepwise.run.Summary;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise status [RUN_ID]}: the runs, or one run's steps and states. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List runs (id, procedure, cluster, state, current step, operator, started), or show one run's"
                + " steps with host, state and duration.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "One run.")
    String runId;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format.")
    String format;

    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserError(ExitCode.BAD_INPUT, "--format " + format + ": use text or json");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = store.open(out, true)) {
            if (runId == null) {
                List<RunSummary> runs = engine.runs();
                Map<String, String> gone = Interruptions.of(engine, runs);
                out.print(format.equals("json") ? json(runs.stream().map(r -> Interruptions.mark(map(r), gone)).toList())
                        : Interruptions.table(table(Interruptions.shown(runs, gone)), gone));
            } else {
                RunInfo info = engine.info(runId);
                RunSummary s = engine.runs().stream().filter(r -> r.id().equals(info.id())).findFirst().orElse(null);
                List<Summary.Row> rows = engine.steps(runId);
                Map<String, String> gone = Interruptions.of(engine, s == null ? List.of() : List.of(s));
                if (format.equals("json")) {
                    Map<String, Object> m = s == null ? new LinkedHashMap<>() : Interruptions.mark(map(s), gone);
                    List<Map<String, Object>> steps = new ArrayList<>();
                    for (Summary.Row r : rows) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("step", r.step());
                        row.put("host", r.host());
                        row.put("state", r.state().name().toLowerCase(Locale.ROOT));
                        row.put("attempts", r.attempts());
                        row.put("durationMs", r.duration() == null ? null : r.duration().toMillis());
                        row.put("note", r.note());
                        steps.add(row);
                    }
                    m.put("steps", steps);
                    out.print(json(m));
                } else {
                    out.println("run " + info.id() + ": " + info.procedure() + " on " + info.cluster() + ", "
                            + (s == null ? "?" : gone.containsKey(s.id()) ? "interrupted (" + gone.get(s.id()) + ")"
                            : s.state().name().toLowerCase(Locale.ROOT)) + ", started "
                            + info.startedAt() + " by " + info.operator());
                    out.print(Summary.table(rows));
                    engine.gates(info.id()).forEach(g -> out.print("\n" + g.describe()));
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    private static Map<String, Object> map(RunSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("procedure", r.procedure());
        m.put("cluster", r.cluster());
        m.put("state", r.state().name().toLowerCase(Locale.ROOT));
        m.put("currentStep", r.currentStep());
        m.put("operator", r.operator());
        m.put("started", String.valueOf(r.startedAt()));
        return m;
    }

    private static String table(List<RunSummary> runs) {
        if (runs.isEmpty()) {
            return "no runs yet\n";
        }
        String fmt = "%-36s  %-22s  %-14s  %-11s  %-22s  %-10s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "RUN", "PROCEDURE", "CLUSTER", "STATE",
                "CURRENT STEP", "OPERATOR", "STARTED"));
        for (RunSummary r : runs) {
            sb.append(String.format(Locale.ROOT, fmt, r.id(), r.procedure(), r.cluster(),
                    r.state().name().toLowerCase(Locale.ROOT), r.currentStep() == null ? "-" : r.currentStep(),
                    r.operator(), r.startedAt()));
        }
        return sb.toString();
    }

    private static String json(Object o) throws Exception {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o) + "\n";
    }
}
