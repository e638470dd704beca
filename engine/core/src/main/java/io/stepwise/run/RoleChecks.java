package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Mark;
import io.stepwise.model.Plan;
import io.stepwise.model.RoleSpec;
import io.stepwise.model.Step;
import io.stepwise.plan.Values;
import io.stepwise.store.RunEvent.EventType;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.text.TemplateException;
import io.stepwise.view.Screen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Role preconditions: each role's read-only checks run on each of its hosts at start and on every
 * resume, so a pair that failed over during a pause is caught before anything runs.
 */
public final class RoleChecks {
    private RoleChecks() {
    }

    /** Runs every check; throws a refusal naming each host that no longer fits its role. */
    public static void verify(Plan plan, Ledger ledger, RunStore store, Actions actions, Screen screen)
            throws StoreException, RunException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (RoleSpec role : plan.procedure().roles().values()) {
            if (role.checks() == null || role.checks().isEmpty()) {
                continue;
            }
            for (Host host : plan.inventory().hostsWithRole(role.name())) {
                if (host.connection() == Host.Connection.MANUAL) {
                    continue;
                }
                for (Step check : role.checks()) {
                    StepKey key = new StepKey(check.id(), host.name());
                    StepOutput out = new StepOutput(screen, store, ledger.runId(), key, 0);
                    Function<String, String> values = Values.resolver(plan, host, ledger.captures(), ledger.runId(), false);
                    Action action = check.action();
                    StepResult r;
                    try {
                        r = actions.run(action, role.name(), host, values, check.expect(), Map.of(), check.timeout(),
                                out);
                    } catch (TemplateException e) {
                        r = StepResult.failure((Mark.NONE.equals(check.mark()) ? "" : check.mark() + ": ")
                                + e.getMessage(), Map.of());
                    }
                    String title = check.title() != null ? check.title() : check.id();
                    Map<String, String> data = new LinkedHashMap<>();
                    data.put("role", role.name());
                    data.put("host", host.name());
                    data.put("check", title);
                    data.put("ok", String.valueOf(r.ok()));
                    ledger.event(EventType.ROLE_CHECK, null, r.ok() ? null : r.reason(), data, out.take());
                    if (r.ok()) {
                        screen.line("  role check ok: " + host.name() + " is " + role.name() + " (" + title + ")");
                    } else {
                        problems.add("host " + host.name() + " no longer fits role " + role.name() + ": check '"
                                + title + "' " + r.reason());
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw RunException.refused(screen.mask(String.join("; ", problems))
                    + ". Nothing ran. Fix the inventory (or the cluster), then resume.");
        }
    }
}
