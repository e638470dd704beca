package io.stepwise.run;

import io.stepwise.model.FinalCheck;
import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.plan.Values;
import io.stepwise.store.OutputChunk;
import io.stepwise.store.RunEvent.EventType;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.text.TemplateException;
import io.stepwise.view.FinalCheckResult;
import io.stepwise.view.Screen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The procedure's {@code postconditions:} and {@code state:} probes, run on each host of their role once
 * every step is done. Each result is recorded as a {@link EventType#POSTCONDITION} event with the values it
 * captured ({@code value.NAME}; a state probe without captures keeps its whole output as {@code value}), so
 * the report shows them and a rehearsal compares two runs' end states. A failed postcondition fails the run.
 */
final class FinalChecks {
    private static final String VALUE = FinalCheckResult.VALUE;
    private static final int SHOWN = 2000;

    private FinalChecks() {
    }

    /** Runs every final check; null when every postcondition holds, else what failed with the probes' output. */
    static HostOutcome run(Plan plan, Ledger ledger, RunStore store, Actions actions, Screen screen)
            throws StoreException, InterruptedException {
        List<String> failed = new ArrayList<>();
        List<FinalCheck> checks = plan.procedure().finalChecks();
        if (!checks.isEmpty()) {
            screen.line("");
        }
        for (FinalCheck check : checks) {
            for (Host host : plan.inventory().reachedHostsWithRole(check.on())) {
                String problem = one(plan, ledger, store, actions, screen, check, host);
                if (problem != null) {
                    failed.add(problem);
                }
            }
        }
        if (failed.isEmpty()) {
            return null;
        }
        return HostOutcome.failed(screen.mask(String.join("\n", failed)) + "\nEvery step is done. Fix the cause,"
                + " then stepwise resume " + ledger.runId() + " checks the postconditions again.");
    }

    private static String one(Plan plan, Ledger ledger, RunStore store, Actions actions, Screen screen,
                              FinalCheck check, Host host) throws StoreException, InterruptedException {
        boolean post = check.kind() == FinalCheck.Kind.POSTCONDITION;
        StepKey key = new StepKey(check.id(), host.name());
        StepOutput out = new StepOutput(screen, store, ledger.runId(), key, 0);
        StepResult r;
        try {
            Function<String, String> values = Values.resolver(plan, host, ledger.captures(host.name()), ledger.runId(), false);
            r = actions.run(check.probe(), check.on(), host, values, post ? check.expect() : null, check.capture(),
                    null, out);
        } catch (TemplateException e) {
            r = StepResult.failure(check.mark().prefix(e.getMessage()), Map.of());
        }
        List<OutputChunk> chunks = out.take();
        // the whole output kept in memory (part of it may be stored already): a query's rows, or stdout
        String text = out.notesText() + out.stdoutText();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("kind", check.kind().key());
        data.put("id", check.id());
        data.put("title", check.title());
        data.put("host", host.name());
        data.put("ok", String.valueOf(r.ok()));
        if (r.ok() && r.captures() != null) {
            r.captures().forEach((k, v) -> data.put(VALUE + "." + k, v));
        }
        if (!post && check.capture().isEmpty()) {
            data.put(VALUE, text.strip());
        }
        ledger.event(EventType.POSTCONDITION, null, r.ok() ? null : r.reason(), data, chunks);
        String what = (post ? "postcondition" : "state") + " '" + check.title() + "' on " + host.name();
        if (r.ok()) {
            screen.line("  " + what + ": " + (post ? "holds" : "recorded"));
            return null;
        }
        screen.line("  " + what + ": FAILED: " + r.reason());
        String all = text + out.stderrText();
        String shown = all.length() > SHOWN ? "..." + all.substring(all.length() - SHOWN) : all;
        return what + " failed: " + r.reason() + (shown.isBlank() ? "" : "\n  its output:\n"
                + shown.stripTrailing().indent(4).stripTrailing());
    }
}
