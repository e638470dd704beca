package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Step;
import io.stepwise.model.StepState;
import io.stepwise.store.Decision;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.view.Operator;
import io.stepwise.view.Screen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a step captures when it counts as done without a normal run (assumed done, or settled by its
 * verify probe): taken again from the output the engine kept (the in-doubt attempt's, or the probe's), else
 * given by the operator with {@code resume --set NAME=VALUE}; still missing, the run stops and says so.
 */
final class Recapture {
    private final RunStore store;
    private final Ledger ledger;
    private final Operator operator;
    private final Screen screen;

    Recapture(RunStore store, Ledger ledger, Operator operator, Screen screen) {
        this.store = store;
        this.ledger = ledger;
        this.operator = operator;
        this.screen = screen;
    }

    /** Applies the step's capture to {@code text} (and then to its stored output) and records what is found. */
    void from(Step step, StepKey key, String text) throws StoreException {
        Map<String, String> missing = missing(step);
        if (missing.isEmpty()) {
            return;
        }
        Map<String, String> got = find(step, missing, text == null ? "" : text);
        if (got.size() < missing.size()) {
            String stored = store.output(ledger.runId(), key.stepId(), key.host());
            Map<String, String> rest = new LinkedHashMap<>(missing);
            rest.keySet().removeAll(got.keySet());
            got.putAll(find(step, rest, stored == null ? "" : stored));
        }
        if (!got.isEmpty()) {
            ledger.captured(key, ledger.attempt(key), got, List.of());
            got.forEach((n, v) -> screen.line("  captured " + n + " = " + Screen.continued(v)
                    + " (from the output kept of this step)"));
        }
    }

    /**
     * After a step counts as done: values given with {@code --set} fill its missing captures (recorded as a
     * decision and a captured value); null when nothing is missing, else the pause that names what is.
     */
    HostOutcome check(PlannedStep ps, Map<String, String> given) throws StoreException {
        Step step = ps.step();
        Map<String, String> missing = missing(step);
        if (missing.isEmpty()) {
            return null;
        }
        Host done = ps.hosts().stream().filter(h -> {
            StepState s = ledger.state(new StepKey(ps.id(), h.name()));
            return s == StepState.SUCCEEDED || s == StepState.ASSUMED_DONE;
        }).findFirst().orElse(null);
        if (done == null) {
            return null;
        }
        StepKey key = new StepKey(ps.id(), done.name());
        List<String> still = new ArrayList<>();
        for (String name : missing.keySet()) {
            String v = given.get(name);
            if (v == null) {
                still.add(name);
                continue;
            }
            ledger.decision(ps.id(), null, operator.who(), Decision.SET, name + "=" + v);
            ledger.captured(key, ledger.attempt(key), Map.of(name, v), List.of());
            screen.line("  " + name + " = " + v + " (given with --set by " + operator.who() + ")");
        }
        if (still.isEmpty()) {
            return null;
        }
        StringBuilder sets = new StringBuilder();
        still.forEach(n -> sets.append(" --set ").append(n).append("=VALUE"));
        return HostOutcome.paused("step " + ps.id() + " counts as done but did not run here, and its captured "
                + (still.size() == 1 ? "value " : "values ") + String.join(", ", still)
                + (still.size() == 1 ? " is" : " are") + " missing (not found in the output kept); later steps need "
                + (still.size() == 1 ? "it" : "them") + ". Look it up on " + done.name() + ", then: stepwise resume "
                + ledger.runId() + sets);
    }

    private Map<String, String> missing(Step step) {
        Map<String, String> have = ledger.captures();
        Map<String, String> out = new LinkedHashMap<>();
        if (step.capture() != null) {
            step.capture().forEach((n, p) -> {
                if (!have.containsKey(n)) {
                    out.put(n, p);
                }
            });
        }
        return out;
    }

    /** Shell: the capture's regex, last match; SQL and replication: the column as shown in the kept rows. */
    private static Map<String, String> find(Step step, Map<String, String> wanted, String text) {
        Map<String, String> got = new LinkedHashMap<>();
        boolean shell = step.action() instanceof Action.Shell;
        for (var c : wanted.entrySet()) {
            Pattern p = shell ? Pattern.compile(c.getValue(), Pattern.MULTILINE)
                    : Pattern.compile("(?:^|[ ,])" + Pattern.quote(c.getValue()) + "=([^,\\n]*)", Pattern.MULTILINE);
            Matcher m = p.matcher(text);
            String last = null;
            while (m.find()) {
                last = m.groupCount() >= 1 ? m.group(1) : m.group();
            }
            if (last != null) {
                got.put(c.getKey(), last);
            }
        }
        return got;
    }
}
