package io.stepwise.run;

import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks that {@code --retry} and {@code --assume-done} name steps that are in doubt or failed on some host. */
public final class ResumeChoices {
    /** States a choice applies to: in doubt (or left running / interrupted, in doubt on resume) and failed. */
    private static final Set<StepState> OPEN = EnumSet.of(StepState.IN_DOUBT, StepState.RUNNING,
            StepState.INTERRUPTED, StepState.FAILED);

    private ResumeChoices() {
    }

    /** Throws a bad-input error naming the option, the step's states, and the steps it may name. */
    public static void check(Plan plan, Ledger ledger, Set<String> retry, Set<String> assumeDone)
            throws RunException {
        List<String> open = new ArrayList<>();
        for (PlannedStep ps : plan.steps()) {
            if (ps.hosts().stream().anyMatch(h -> OPEN.contains(ledger.state(new StepKey(ps.id(), h.name()))))) {
                open.add(ps.id());
            }
        }
        check("--retry", retry, plan, ledger, open);
        check("--assume-done", assumeDone, plan, ledger, open);
    }

    private static void check(String option, Set<String> steps, Plan plan, Ledger ledger, List<String> open)
            throws RunException {
        for (String given : steps) {
            String id = given.contains("@") ? given.substring(0, given.indexOf('@')) : given;
            String host = given.contains("@") ? given.substring(given.indexOf('@') + 1) : null;
            if (host == null ? open.contains(id) : OPEN.contains(ledger.state(new StepKey(id, host)))
                    && plan.steps().stream().anyMatch(ps -> ps.id().equals(id)
                    && ps.hosts().stream().anyMatch(h -> h.name().equals(host)))) {
                continue;
            }
            List<String> states = new ArrayList<>();
            plan.steps().stream().filter(ps -> ps.id().equals(id)).findFirst().ifPresent(ps -> {
                for (Host h : ps.hosts()) {
                    states.add(h.name() + ": " + ledger.state(new StepKey(id, h.name())).name().toLowerCase(Locale.ROOT));
                }
            });
            throw RunException.badInput(option + " " + given + ": step " + id + (host == null ? "" : " on " + host)
                    + " is not in doubt or failed"
                    + (states.isEmpty() ? "" : " (" + String.join(", ", states) + ")") + "; nothing ran. Steps in"
                    + " doubt or failed: " + (open.isEmpty() ? "none" : String.join(", ", open)));
        }
    }
}
