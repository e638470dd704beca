package io.stepwise;

import io.stepwise.run.Ledger;
import io.stepwise.run.RunException;
import io.stepwise.store.Decision;
import io.stepwise.store.Holder;
import io.stepwise.store.Lease;
import io.stepwise.store.LockedException;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Giving up a run: one RUN_STATE event (ABANDONED, with who, when and their note) that frees its cluster
 * for a new run. Only when no live engine drives it (the run's lease is taken for the moment it takes).
 */
final class Abandonment {
    private Abandonment() {
    }

    /** Abandons the run; returns what to tell the operator. */
    static String abandon(RunStore store, RunInfo info, Holder me, Clock clock, Duration ttl, String who, String note)
            throws RunException, StoreException, LockedException {
        if (note == null || note.isBlank()) {
            throw RunException.badInput("abandon needs --note saying why the run is given up (kept in the report)");
        }
        RunState state = state(store, info.id());
        if (!state.active()) {
            throw RunException.badInput("run " + info.id() + (state == RunState.FINISHED ? " has finished"
                    : " was abandoned already") + "; nothing to abandon (see stepwise report " + info.id() + ")");
        }
        // the run's own lease only (no live engine drives it); the cluster's lock is not taken: a run that holds it
        // frees it by this state change, and a read-only run, which never held it, is given up beside the run that does
        Lease lease = store.acquireShared(info.id(), info.cluster(), me, ttl);
        try {
            // steps left open are closed first; then one event is the decision and the state change together
            closeOpenSteps(store, info.id(), clock, who);
            Ledger.load(store, info.id(), clock, Map.of()).runState(RunState.ABANDONED, null, who, note,
                    Decision.ABANDON);
        } finally {
            store.release(lease);
        }
        return "abandoned run " + info.id() + " (was " + state.name().toLowerCase(java.util.Locale.ROOT) + ") as "
                + who + "; cluster " + info.cluster() + " is free for a new run. It cannot be resumed.";
    }

    /**
     * Gives every step still open (running, waiting for a person, in doubt) a final state, INTERRUPTED with a note,
     * so that status and the report do not show it running forever.
     */
    private static void closeOpenSteps(RunStore store, String runId, Clock clock, String who) throws StoreException {
        Map<String, RunEvent> last = new java.util.LinkedHashMap<>();
        for (RunEvent e : store.events(runId)) {
            if (e.type() == RunEvent.EventType.STEP_STATE) {
                last.put(e.stepId() + "\u0000" + e.host(), e);
            }
        }
        for (RunEvent e : last.values()) {
            if (e.state() == io.stepwise.model.StepState.RUNNING || e.state() == io.stepwise.model.StepState.WAITING_FOR_PERSON
                    || e.state() == io.stepwise.model.StepState.IN_DOUBT) {
                store.append(runId, new RunEvent(0, clock.instant(), RunEvent.EventType.STEP_STATE, e.stepId(), e.host(),
                        io.stepwise.model.StepState.INTERRUPTED, e.attempt(), who, "the run was abandoned while this step"
                        + " was " + e.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), Map.of()));
            }
        }
    }

    /** Refuses to resume an abandoned run, saying who gave it up, when and why. */
    static void refuseResume(RunStore store, RunInfo info) throws RunException, StoreException {
        if (state(store, info.id()) != RunState.ABANDONED) {
            return;
        }
        Optional<RunEvent> d = store.events(info.id()).stream()
                .filter(e -> Decision.of(e) == Decision.ABANDON && e.stepId() == null)
                .reduce((a, b) -> b);
        throw RunException.badInput("run " + info.id() + " was abandoned" + d.map(e -> " by " + e.actor() + " at "
                + e.at() + " (\"" + e.note() + "\")").orElse("") + "; it cannot be resumed. Start a new run: stepwise"
                + " run " + info.procedureFile() + " -i " + info.inventoryFile());
    }

    private static RunState state(RunStore store, String runId) throws StoreException {
        return store.runs().stream().filter(r -> r.id().equals(runId)).findFirst()
                .map(io.stepwise.store.RunSummary::state).orElse(RunState.RUNNING);
    }
}
