package io.stepwise.rehearse;

import io.stepwise.model.Answers;
import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.StepState;
import io.stepwise.run.Hold;
import io.stepwise.run.Ledger;
import io.stepwise.run.StepKey;
import io.stepwise.store.Decision;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives one run in the rehearsal's store as an operator would: {@code run}, then {@code resume} after
 * answering each manual or optional step from the answers file, until the run finishes, fails, needs a
 * decision about an in-doubt step, or is killed at its hold.
 */
final class Driver {
    /** Why a drive stopped. */
    enum Stop { FINISHED, FAILED, DECISION, KILLED }

    /**
     * Where a drive stopped.
     *
     * @param step    the in-doubt step for {@link Stop#DECISION}
     * @param message what failed, with the engine's last lines
     */
    record Result(Stop stop, String step, String message) {
    }

    private final RehearsalRequest request;
    private final EngineProcess engine;
    private final RunStore store;
    private final Plan plan;
    private final Answers answers;
    private final Path logs;
    private int invocations;

    Driver(RehearsalRequest request, Map<String, String> env, RunStore store, Plan plan, Answers answers, Path logs) {
        this.request = request;
        this.engine = new EngineProcess(request.engine(), env);
        this.store = store;
        this.plan = plan;
        this.answers = answers;
        this.logs = logs;
    }

    int invocations() {
        return invocations;
    }

    /**
     * Starts ({@code start}) or resumes run {@code runId}; {@code hold} (may be null) is where to kill it,
     * {@code choice} ({@code --retry}/{@code --assume-done} with the step, may be null) the first resume's.
     */
    /**
     * Before each engine run: the inventory (read again from its file, which every run and resume reads) must still
     * say {@code rehearsal: true} — a reset script or a person may have rewritten it since the rehearsal began.
     */
    private void stillMarked() throws io.stepwise.run.RunException {
        boolean marked;
        try {
            marked = io.stepwise.load.InventoryLoader.load(request.inventory()).rehearsal();
        } catch (io.stepwise.load.LoadException e) {
            marked = false;
        }
        if (!marked) {
            throw io.stepwise.run.RunException.badInput(request.inventory() + " is no longer marked for rehearsal"
                    + " ('rehearsal: true'), or no longer reads: it changed while the rehearsal ran (its reset, or a"
                    + " person). The rehearsal stops here; nothing more ran.");
        }
    }

    Result drive(String runId, boolean start, Hold.Phase holdPhase, String holdStep, List<String> choice)
            throws InterruptedException, StoreException, io.stepwise.run.RunException {
        Path holdFile = holdPhase == null ? null : logs.resolve(runId + ".hold");
        Map<String, String> holdEnv = holdPhase == null ? Map.of() : Hold.env(holdStep, holdPhase, holdFile);
        List<String> next = choice == null ? List.of() : choice;
        boolean first = start;
        for (int round = 0; round < 200; round++) {
            List<String> args = new ArrayList<>();
            if (first) {
                args.addAll(List.of("run", request.procedure().toString(), "-i", request.inventory().toString(),
                        "--run-id", runId));
                request.params().forEach((k, v) -> args.addAll(List.of("-p", k + "=" + v)));
            } else {
                args.addAll(List.of("resume", runId));
                args.addAll(next);
                next = List.of();
            }
            args.add("--no-input");
            stillMarked();
            invocations++;
            Path log = logs.resolve(String.format("%04d-%s-%s.log", invocations, runId, first ? "run" : "resume"));
            EngineProcess.End end = engine.run(args, holdEnv, holdFile, log);
            first = false;
            if (end.killed()) {
                return new Result(Stop.KILLED, holdStep, null);
            }
            switch (end.exit()) {
                case 0 -> {
                    return new Result(Stop.FINISHED, null, null);
                }
                case 3 -> {
                    Ledger ledger = Ledger.load(store, runId, Clock.systemUTC(), Map.of());
                    Set<String> inDoubt = steps(ledger, StepState.IN_DOUBT);
                    if (!inDoubt.isEmpty()) {
                        return new Result(Stop.DECISION, inDoubt.iterator().next(), null);
                    }
                    Set<String> waiting = steps(ledger, StepState.WAITING_FOR_PERSON);
                    if (waiting.isEmpty()) {
                        return new Result(Stop.FAILED, null, "the engine paused (exit 3) with no step waiting for a"
                                + " person or in doubt: " + end.lastLine() + " (see " + log + ")");
                    }
                    for (String step : waiting) {
                        Answers.Answer a = answers.forStep(step);
                        ledger.decision(step, null, "rehearse", a.confirm() ? Decision.CONFIRM : Decision.REJECT, a.note());
                    }
                }
                default -> {
                    return new Result(Stop.FAILED, null, "the engine ended with exit " + end.exit()
                            + ": " + end.lastLine() + " (see " + log + ")");
                }
            }
        }
        return new Result(Stop.FAILED, null, "run " + runId + " paused 200 times; giving up");
    }

    /** Gives up {@code runId} when it did not finish, so that the next run on the lab's cluster is not refused. */
    void close(String runId) throws InterruptedException, StoreException {
        boolean open = store.runs().stream().anyMatch(r -> r.id().equals(runId) && r.state().active());
        if (open) {
            invocations++;
            Path log = logs.resolve(String.format("%04d-%s-abandon.log", invocations, runId));
            EngineProcess.End end = engine.run(List.of("abandon", runId, "--note", "rehearsal: compared, set aside",
                    "--as", "rehearse"), Map.of(), null, log);
            if (end.exit() != 0) {
                throw new IllegalStateException("could not abandon rehearsal run " + runId + ": " + end.lastLine());
            }
        }
    }

    /** Steps (in plan order) with a host in {@code state}. */
    private Set<String> steps(Ledger ledger, StepState state) {
        Set<String> out = new LinkedHashSet<>();
        for (PlannedStep ps : plan.steps()) {
            for (Host h : ps.hosts()) {
                if (ledger.state(new StepKey(ps.id(), h.name())) == state) {
                    out.add(ps.id());
                }
            }
        }
        return out;
    }
}
