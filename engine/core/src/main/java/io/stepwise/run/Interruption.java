package io.stepwise.run;

import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Step;
import io.stepwise.model.StepState;
import io.stepwise.transport.Stopped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ctrl-C: records how the stop of each running step turned out — INTERRUPTED when its command was stopped,
 * IN_DOUBT with the command's process group when its host did not confirm the stop (a frozen connection) — and
 * says for each step what {@code resume} will do with it.
 */
public final class Interruption {
    /** Data of an IN_DOUBT event: why Ctrl-C's stop was not confirmed. */
    static final String UNSTOPPED = "unstopped";
    /** Data of an IN_DOUBT event: the process group of the command that may still run (absent when unknown). */
    static final String PID = "pid";
    /** Data of an INTERRUPTED event: Ctrl-C came before the step's command was sent, so nothing of it ran. */
    static final String NOT_STARTED = "not_started";

    private Interruption() {
    }

    /** Records the outcome of each running step's stop and returns the lines that tell the operator. */
    public static List<String> record(Plan plan, Ledger ledger, Set<StepKey> running, List<Stopped> stops) {
        String run = ledger.runId();
        Map<StepKey, Ledger.Closing> outcomes = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (StepKey key : running) {
            Step step = step(plan, key.stepId());
            Stopped open = stops.stream().filter(s -> s.host().equals(key.host()) && !s.confirmed())
                    .findFirst().orElse(null);
            if (open == null && step != null && step.action() instanceof io.stepwise.model.Action.Copy) {
                // a copy also runs a command on its other end (the source's sender with via: direct): a stop not
                // confirmed there leaves the step in doubt too, its process group on a host resume does not check
                Stopped other = stops.stream().filter(s -> !s.confirmed() && running.stream()
                        .noneMatch(k -> k.host().equals(s.host()))).findFirst().orElse(null);
                if (other != null) {
                    open = new Stopped(other.host(), -1, other.started(), false, "its command on " + other.host()
                            + ", the copy's other end, did not stop: " + other.why());
                }
            }
            // nothing sent on the step's own host, and nothing of it left unstopped elsewhere (a copy's other end)
            boolean unsent = open == null && stops.stream().anyMatch(s -> s.host().equals(key.host()) && !s.started())
                    && stops.stream().noneMatch(s -> s.host().equals(key.host()) && s.started());
            if (unsent) {
                outcomes.put(key, event(StepState.INTERRUPTED, "stopped by Ctrl-C before its command was sent to "
                        + key.host() + ": it did not run", Map.of(NOT_STARTED, "yes")));
                lines.add("  " + key + ": its command had not been sent to " + key.host() + ", so it did not run;"
                        + " stepwise resume " + run + " runs it");
                continue;
            }
            if (open == null) {
                outcomes.put(key, event(StepState.INTERRUPTED, "stopped by Ctrl-C", Map.of()));
                lines.add("  " + key + ": stopped on " + key.host() + "; " + (step == null ? "stepwise resume " + run
                        + " settles it" : InDoubt.onResume(step, key, run)));
                continue;
            }
            String pid = open.pid() > 1 ? String.valueOf(open.pid()) : null;
            Map<String, String> data = new LinkedHashMap<>();
            data.put(UNSTOPPED, open.why());
            if (pid != null) {
                data.put(PID, pid);
            }
            outcomes.put(key, event(StepState.IN_DOUBT, "Ctrl-C could not stop it on " + key.host() + " (" + open.why()
                    + "); it may still be running there" + (pid == null ? "" : " (process group " + pid + ")"), data));
            String then = pid == null
                    ? " Its process group is not known: check " + key.host() + " by hand, then: stepwise resume " + run
                    + " --retry " + key.stepId() + "  (run it again)  or: stepwise resume " + run + " --assume-done "
                    + key.stepId() + "  (it took effect)"
                    : " stepwise resume " + run + " first checks over a new connection that pid " + pid + " has ended"
                    + " and refuses while it runs; then " + (step == null ? "it settles the step"
                    : InDoubt.onResume(step, key, run));
            lines.add("  " + key + ": could not stop it on " + key.host() + " (" + open.why() + "), so it is in doubt:"
                    + " its command" + (pid == null ? "" : " (pid " + pid + ")") + " may still be running there." + then);
        }
        ledger.interrupted(outcomes, running.isEmpty() ? null : running.iterator().next().stepId());
        if (running.isEmpty()) {
            lines.add("  " + next(plan, ledger, run));
        }
        return lines;
    }

    /** What resume meets first when no step was running: a person's decision, or the next step. */
    private static String next(Plan plan, Ledger ledger, String run) {
        for (PlannedStep ps : plan.steps()) {
            for (Host h : ps.hosts()) {
                StepState s = ledger.state(new StepKey(ps.id(), h.name()));
                if (s == StepState.WAITING_FOR_PERSON) {
                    return "step " + ps.id() + " waits for a person: stepwise resume " + run + " asks again (or "
                            + "stepwise confirm " + run + " " + ps.id() + " / stepwise reject " + run + " " + ps.id()
                            + " --note WHY)";
                }
                if (!s.done()) {
                    return "stepwise resume " + run + " continues with step " + ps.id();
                }
            }
        }
        return "every step is done: stepwise resume " + run + " finishes the run";
    }

    private static Step step(Plan plan, String id) {
        return plan.steps().stream().filter(ps -> ps.id().equals(id)).map(PlannedStep::step).findFirst().orElse(null);
    }

    private static Ledger.Closing event(StepState state, String note, Map<String, String> data) {
        return new Ledger.Closing(state, note, data);
    }
}
