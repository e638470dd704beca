package io.stepwise.run;

import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.RoleSpec;
import io.stepwise.model.Step;
import io.stepwise.plan.Values;
import io.stepwise.store.OutputChunk;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunEvent.EventType;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.text.TemplateException;
import io.stepwise.view.Screen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Role preconditions: each role's read-only checks run on each of its hosts at start and on every
 * resume, so a pair that failed over during a pause is caught before anything runs.
 */
public final class RoleChecks {
    private RoleChecks() {
    }

    /** One check on one host, run. */
    private record Checked(RoleSpec role, Host host, Step check, StepResult result, StepOutput out) {
    }

    /**
     * Runs every check; throws a refusal naming each host that no longer fits its role. Each host's checks run
     * in order on that host, the hosts at once (each has its own connection: its login and database connection
     * then overlap); the results are recorded and shown in the procedure's order.
     */
    public static void verify(Plan plan, Ledger ledger, RunStore store, Actions actions, Screen screen)
            throws StoreException, RunException, InterruptedException {
        // by host name: a Host record's first hashCode costs tens of ms of method-handle set-up on a cold JVM
        Map<String, Host> hosts = new LinkedHashMap<>();
        Map<String, List<Map.Entry<RoleSpec, Step>>> byHost = new LinkedHashMap<>();
        for (RoleSpec role : plan.procedure().roles().values()) {
            if (role.checks() == null || role.checks().isEmpty()) {
                continue;
            }
            for (Host host : plan.inventory().reachedHostsWithRole(role.name())) {
                hosts.putIfAbsent(host.name(), host);
                for (Step check : role.checks()) {
                    byHost.computeIfAbsent(host.name(), h -> new ArrayList<>()).add(Map.entry(role, check));
                }
            }
        }
        List<Future<List<Checked>>> running = new ArrayList<>();
        ExecutorService pool = byHost.size() < 2 ? null : Executors.newFixedThreadPool(byHost.size(), r -> {
            Thread t = new Thread(r, "stepwise-role-check");
            t.setDaemon(true);
            return t;
        });
        try {
            for (var e : byHost.entrySet()) {
                Host host = hosts.get(e.getKey());
                Callable<List<Checked>> work = () -> run(plan, ledger, store, actions, screen, host, e.getValue());
                if (pool == null) {
                    running.add(java.util.concurrent.CompletableFuture.completedFuture(work.call()));
                } else {
                    running.add(pool.submit(work));
                }
            }
            List<String> problems = new ArrayList<>();
            List<RunEvent> events = new ArrayList<>();
            List<OutputChunk> output = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (Future<List<Checked>> f : running) {
                for (Checked c : get(f)) {
                    events.add(record(c, lines, problems));
                    output.addAll(c.out().take());
                }
            }
            ledger.events(events, output); // one write for all the checks, then their lines
            lines.forEach(screen::line);
            if (!problems.isEmpty()) {
                throw RunException.refused(screen.mask(String.join("; ", problems))
                        + ". Nothing ran. Fix the inventory (or the cluster), then resume.");
            }
        } catch (StoreException | RunException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static List<Checked> run(Plan plan, Ledger ledger, RunStore store, Actions actions, Screen screen, Host host,
                                     List<Map.Entry<RoleSpec, Step>> checks) throws InterruptedException {
        List<Checked> out = new ArrayList<>();
        for (var rc : checks) {
            RoleSpec role = rc.getKey();
            Step check = rc.getValue();
            StepKey key = new StepKey(check.id(), host.name());
            StepOutput o = new StepOutput(screen, store, ledger.runId(), key, 0);
            Function<String, String> values = Values.resolver(plan, host, ledger.captures(host.name()), ledger.runId(), false);
            StepResult r;
            try {
                r = actions.run(check.action(), role.name(), host, values, check.expect(), Map.of(), check.timeout(),
                        o);
            } catch (TemplateException e) {
                r = StepResult.failure(check.mark().prefix(e.getMessage()), Map.of());
            }
            out.add(new Checked(role, host, check, r, o));
        }
        return out;
    }

    /** The check's event to record; its line added to {@code lines}, or its problem to {@code problems}. */
    private static RunEvent record(Checked c, List<String> lines, List<String> problems) {
        StepResult r = c.result();
        String title = c.check().title() != null ? c.check().title() : c.check().id();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("role", c.role().name());
        data.put("host", c.host().name());
        data.put("check", title);
        data.put("ok", String.valueOf(r.ok()));
        if (r.ok()) {
            lines.add("  role check ok: " + c.host().name() + " is " + c.role().name() + " (" + title + ")");
        } else {
            problems.add("host " + c.host().name() + " no longer fits role " + c.role().name() + ": check '"
                    + title + "' " + r.reason());
        }
        return new RunEvent(0, null, EventType.ROLE_CHECK, null, null, null, 0, null, r.ok() ? null : r.reason(), data);
    }

    private static <T> T get(Future<T> f) throws StoreException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof StoreException se) {
                throw se;
            }
            if (c instanceof InterruptedException ie) {
                throw ie;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
