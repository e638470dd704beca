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
import java.util.Map;
import java.util.function.Function;

/**
 * A step found running when the engine stopped (docs/operator-guide.md, the resume rules): re-run when the operator says
 * {@code --retry}, when it is idempotent or read-only, or when an interrupted copy did not arrive; counted
 * done when its verify probe passes or the copy's checksums match; otherwise the operator must choose.
 */
final class InDoubt {
    private final RunStore store;
    private final Ledger ledger;
    private final Actions actions;
    private final Operator operator;
    private final Screen screen;
    private final Recapture recapture;

    InDoubt(RunStore store, Ledger ledger, Actions actions, Operator operator, Screen screen, Recapture recapture) {
        this.store = store;
        this.ledger = ledger;
        this.actions = actions;
        this.operator = operator;
        this.screen = screen;
        this.recapture = recapture;
    }

    /** Null: go on and run the step; otherwise how the in-doubt step was settled. */
    HostOutcome settle(PlannedStep ps, Host h, StepKey key, Function<String, String> values, Runner.Options options)
            throws StoreException, InterruptedException {
        Step step = ps.step();
        if (options.retries(step.id(), h.name())) {
            ledger.decision(step.id(), h.name(), operator.who(), Decision.RETRY, null);
            screen.line("  in doubt; running it again (--retry)");
            return null;
        }
        if (step.safeToRerun()) {
            screen.line("  in doubt; running it again (" + (step.idempotent() ? "idempotent" : "read-only") + ")");
            return null;
        }
        if (step.verify() != null) {
            StepOutput out = new StepOutput(screen, store, ledger.runId(), key, ledger.attempt(key));
            out.note("in doubt; asking the verify probe whether it took effect");
            Action probe = step.verify();
            StepResult r = actions.run(probe, step.on(), h, values, null, Map.of(), step.timeout(), out);
            if (r.ok()) {
                ledger.move(key, StepState.SUCCEEDED, ledger.attempt(key),
                        "in doubt after a stop; the verify probe passed, so it was not run again", Map.of(),
                        out.take());
                recapture.from(step, key, out.stdoutText());
                return HostOutcome.DONE;
            }
            out.save();
            return ask(key, "its verify probe says it did not take effect (" + r.reason() + ")");
        }
        // a copy of a command's output (copy: {run: ...}) is not settled by equal files on both ends (an earlier
        // run's pair may be there): like any other step, it runs again only when it is idempotent
        if (step.action() instanceof Action.Copy c && c.run() == null) {
            try {
                if (actions.copyArrived(c, step.on(), h, values)) {
                    ledger.move(key, StepState.SUCCEEDED, ledger.attempt(key),
                            "in doubt after a stop; the same SHA-256 on both ends, so it was not copied again",
                            Map.of());
                    screen.line("  in doubt; the copy arrived intact (SHA-256 matches)");
                    return HostOutcome.DONE;
                }
            } catch (io.stepwise.transport.TransportException e) {
                return ask(key, "its checksum could not be compared: " + e.getMessage());
            }
            screen.line("  in doubt; the copy did not arrive intact, copying again (continuing a part that arrived)");
            return null;
        }
        return ask(key, "it is neither idempotent nor read-only and has no verify probe");
    }

    /**
     * The connection to the host dropped while the step ran (the engine did not stop): a step safe to re-run
     * runs again on a plain resume; any other is in doubt and the operator chooses.
     */
    HostOutcome cutOff(Step step, StepKey key, String reason) {
        String run = ledger.runId();
        String what = "the connection to " + key.host() + " dropped while step " + key + " ran (" + reason + ")";
        if (step.safeToRerun()) {
            return HostOutcome.paused(what + "; it is " + (step.idempotent() ? "idempotent" : "read-only")
                    + ", so it simply runs again: once " + key.host() + " is reachable, stepwise resume " + run);
        }
        if (step.action() instanceof Action.Copy c && c.run() == null) {
            return HostOutcome.paused(what + "; a copy is settled by its checksums: once " + key.host()
                    + " is reachable, stepwise resume " + run + " checks whether it arrived and otherwise continues it"
                    + " from where it stopped");
        }
        if (step.verify() != null) {
            return HostOutcome.paused(what + " and its outcome is unknown. Once " + key.host() + " is reachable,"
                    + " stepwise resume " + run + " asks its verify probe first; if that says it did not take effect,"
                    + " choose with --retry " + key.stepId() + " or --assume-done " + key.stepId());
        }
        return HostOutcome.paused(what + " and its outcome is unknown. Check " + key.host() + " by hand, then either:"
                + " stepwise resume " + run + " --retry " + key.stepId() + "  (run it again)  or: stepwise resume "
                + run + " --assume-done " + key.stepId() + "  (it took effect)");
    }

    /** What a plain {@code resume} does with {@code step} found in doubt, as the operator is told at Ctrl-C. */
    static String onResume(Step step, StepKey key, String run) {
        if (step.safeToRerun()) {
            return "it is " + (step.idempotent() ? "idempotent" : "read-only") + ", so stepwise resume " + run
                    + " runs it again";
        }
        if (step.action() instanceof Action.Copy c && c.run() == null) {
            return "stepwise resume " + run + " compares the checksums on both ends and continues the copy if it did"
                    + " not arrive";
        }
        if (step.verify() != null) {
            return "stepwise resume " + run + " asks its verify probe whether it took effect; if not, choose with"
                    + " --retry " + key.stepId() + " or --assume-done " + key.stepId();
        }
        return "it may have done part of its work and is neither idempotent nor read-only, so stepwise resume " + run
                + " will ask you to choose: stepwise resume " + run + " --retry " + key.stepId()
                + "  (run it again)  or: stepwise resume " + run + " --assume-done " + key.stepId() + "  (it took effect)";
    }

    /**
     * Before anything runs on the host of a step that Ctrl-C could not stop: null when the earlier command has
     * ended (checked over a new connection) or cannot be checked because its process group is unknown and the
     * operator chose; otherwise the run pauses with what to do.
     */
    HostOutcome earlierCommand(Host h, StepKey key, Runner.Options options) throws InterruptedException {
        io.stepwise.store.RunEvent e = ledger.lastState(key);
        if (e == null || e.state() != StepState.IN_DOUBT || e.data() == null
                || !e.data().containsKey(Interruption.UNSTOPPED)) {
            return null;
        }
        String run = ledger.runId();
        String pid = e.data().get(Interruption.PID);
        if (pid == null) {
            if (options.retries(key.stepId(), h.name()) || options.assumesDone(key.stepId(), h.name())) {
                return null;
            }
            return ask(key, "Ctrl-C could not stop it on " + h.name() + " and its process group is not known");
        }
        String alive;
        try {
            alive = actions.processGroup(h, Long.parseLong(pid));
        } catch (io.stepwise.transport.TransportException ex) {
            return HostOutcome.paused("could not check whether the earlier command of step " + key + " (pid " + pid
                    + ") still runs on " + h.name() + ": " + ex.getMessage() + ". Once " + h.name()
                    + " is reachable: stepwise resume " + run);
        }
        if (alive == null) {
            screen.line("  the earlier command (pid " + pid + ") on " + h.name() + " has ended");
            return null;
        }
        return HostOutcome.paused("the earlier command (pid " + pid + ") on " + h.name() + " is still running: step "
                + key + " started it before Ctrl-C, which could not stop it (ps on " + h.name() + ": " + alive + "). Nothing was run beside"
                + " it. Wait for it to end, or stop it on " + h.name() + ": kill -TERM -- -" + pid
                + "  (its whole process group; kill -KILL -- -" + pid + " if it stays), then: stepwise resume " + run);
    }

    HostOutcome ask(StepKey key, String why) {
        String run = ledger.runId();
        return HostOutcome.paused("step " + key + " was running when the engine stopped and its outcome is unknown: "
                + why + ". Check " + key.host() + " by hand, then either: stepwise resume " + run + " --retry "
                + key.stepId() + "  (run it again)  or: stepwise resume " + run + " --assume-done " + key.stepId()
                + "  (it took effect)");
    }
}
