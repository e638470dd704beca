package io.stepwise.rehearse;

import io.stepwise.load.AnswersLoader;
import io.stepwise.load.InventoryLoader;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Action;
import io.stepwise.model.Answers;
import io.stepwise.model.Inventory;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Procedure;
import io.stepwise.model.StepState;
import io.stepwise.plan.Planner;
import io.stepwise.run.Hold;
import io.stepwise.run.Ledger;
import io.stepwise.run.RunException;
import io.stepwise.run.Secrets;
import io.stepwise.run.StepKey;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import io.stepwise.store.StoreException;
import io.stepwise.text.Suggest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stepwise rehearse}: a clean run from a reset target, then for every step and kill point a fresh run
 * from a reset target that is SIGKILLed there and resumed to the end as an operator would (both choices
 * when a decision is needed), each end state compared with the clean run's.
 */
public final class Rehearsal {
    private final RehearsalRequest request;
    private final PrintWriter out;
    private final Plan plan;
    private final RunStore store;
    private final Driver driver;
    private final Reset reset;
    private final Map<String, StepState> clean = new LinkedHashMap<>();
    private EndState cleanEnd;

    private Rehearsal(RehearsalRequest request, PrintWriter out, Plan plan, Answers answers, RunStore store,
                      Path logs, Map<String, String> env) {
        this.request = request;
        this.out = out;
        this.plan = plan;
        this.store = store;
        this.driver = new Driver(request, env, store, plan, answers, logs);
        this.reset = new Reset(request.reset(), env, logs);
    }

    /** Rehearses; throws for bad input (nothing ran): an inventory not marked for rehearsal, unknown steps. */
    public static RehearsalReport run(RehearsalRequest request, PrintWriter out)
            throws RunException, StoreException, InterruptedException {
        Inventory inventory = InventoryLoader.load(request.inventory());
        if (!inventory.rehearsal()) {
            throw RunException.badInput(request.inventory() + ": cluster " + inventory.cluster() + " is not marked for"
                    + " rehearsal. stepwise rehearse resets, kills and resumes its target again and again, so it runs"
                    + " only on a lab whose inventory says 'rehearsal: true' (examples/lab/up writes it). Nothing ran.");
        }
        Procedure procedure = ProcedureLoader.read(request.procedure(), inventory).orThrow();
        Answers answers = request.answers() == null ? Answers.CONFIRM_ALL
                : AnswersLoader.read(request.answers(), procedure).orThrow();
        for (String id : request.only()) {
            if (procedure.step(id).isEmpty()) {
                throw RunException.badInput("--only " + id + ": no such step in " + request.procedure()
                        + Suggest.didYouMean(id, procedure.steps().stream().map(s -> s.id()).toList()));
            }
        }
        Map<String, String> all = new LinkedHashMap<>(request.params());
        all.putAll(new Secrets(request.env()::get).readParams(procedure, false));
        Plan plan = Planner.plan(procedure, inventory, all);
        if (Files.exists(request.out().resolve("runs.db"))) {
            throw RunException.badInput("--out " + request.out() + " holds an earlier rehearsal (runs.db); give a new"
                    + " directory, or leave --out out for a fresh one");
        }
        Path logs = request.out().resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw RunException.badInput("cannot create " + logs + ": " + e.getMessage());
        }
        // every run uses a copy taken now: an edit of the file during a long rehearsal changes none of its runs
        Path copy = request.out().resolve(request.procedure().getFileName());
        try {
            Files.copy(request.procedure(), copy);
        } catch (IOException e) {
            throw RunException.badInput("cannot copy " + request.procedure() + " to " + copy + ": " + e.getMessage());
        }
        request = new RehearsalRequest(copy, request.inventory(), request.params(), request.reset(), request.answers(),
                request.killEachStep(), request.only(), request.phases(), request.out(), request.engine(),
                request.env());
        Path storeFile = request.out().resolve("runs.db");
        Map<String, String> env = new LinkedHashMap<>(request.env());
        env.put("STEPWISE_STORE", storeFile.toString());
        env.remove(Hold.STEP_ENV);
        env.remove(Hold.FILE_ENV);
        try (RunStore store = RunStores.open(storeFile.toString(), Clock.systemUTC())) {
            return new Rehearsal(request, out, plan, answers, store, logs, env).rehearse();
        }
    }

    private RehearsalReport rehearse() throws RunException, StoreException, InterruptedException {
        long t0 = System.nanoTime();
        say("rehearsal of " + plan.procedure().name() + " on " + plan.inventory().cluster() + "; runs, logs and"
                + " reports in " + request.out());
        long c0 = System.nanoTime();
        reset.run();
        Driver.Result r = driver.drive("clean", true, null, null, null);
        long cleanMillis = millis(c0);
        if (r.stop() != Driver.Stop.FINISHED) {
            String why = r.stop() == Driver.Stop.DECISION ? "it stopped with step " + r.step() + " in doubt"
                    : r.message();
            return report(List.of(), cleanMillis, t0, "the clean run (no kill) did not finish: " + why);
        }
        cleanEnd = EndState.of(store, "clean", plan);
        Ledger ledger = Ledger.load(store, "clean", Clock.systemUTC(), Map.of());
        for (PlannedStep ps : plan.steps()) {
            boolean allSkipped = ps.hosts().stream().allMatch(h -> ledger.state(new StepKey(ps.id(), h.name()))
                    == StepState.SKIPPED);
            clean.put(ps.id(), allSkipped ? StepState.SKIPPED : StepState.SUCCEEDED);
        }
        say("clean run finished in " + seconds(cleanMillis) + "; " + cleanEnd.checks().size()
                + " postcondition/state results recorded");
        List<Verdict> verdicts = new ArrayList<>();
        if (request.killEachStep()) {
            List<PlannedStep> steps = plan.steps().stream()
                    .filter(ps -> request.only().isEmpty() || request.only().contains(ps.id())).toList();
            int total = steps.size() * request.phases().size();
            int n = 0;
            for (PlannedStep ps : steps) {
                int index = plan.steps().indexOf(ps) + 1;
                for (Hold.Phase phase : request.phases()) {
                    Verdict v = kill(index, ps, phase);
                    String runId = runId(index, ps.id(), phase);
                    driver.close(runId);
                    driver.close(runId + "-assume-done");
                    verdicts.add(v);
                    say("[" + ++n + "/" + total + "] " + ps.id() + ", killed " + RehearsalReport.when(phase) + ": "
                            + v.kind().words() + (v.detail().isEmpty() ? "" : " — " + v.detail().get(0))
                            + (v.millis() > 0 ? " (" + seconds(v.millis()) + ")" : ""));
                }
            }
        }
        return report(verdicts, cleanMillis, t0, null);
    }

    private Verdict kill(int index, PlannedStep ps, Hold.Phase phase)
            throws RunException, StoreException, InterruptedException {
        String id = ps.id();
        if (phase != Hold.Phase.DONE && (ps.step().action() instanceof Action.Manual
                || clean.get(id) == StepState.SKIPPED)) {
            return new Verdict(id, phase, Verdict.Kind.NOT_APPLICABLE, List.of(ps.step().action()
                    instanceof Action.Manual ? "a manual step runs nothing to kill" : "the clean run skipped it"), 0);
        }
        long t0 = System.nanoTime();
        String runId = runId(index, id, phase);
        reset.run();
        Driver.Result first = driver.drive(runId, true, phase, id, null);
        if (first.stop() == Driver.Stop.FINISHED) {
            return new Verdict(id, phase, Verdict.Kind.NOT_REACHED, List.of("the run finished without reaching it"),
                    millis(t0));
        }
        if (first.stop() != Driver.Stop.KILLED) {
            // the clean run got past this point; a run from the reset target that stops before it shows a
            // procedure (or a reset) that does not run again from the start: it fails the rehearsal
            return new Verdict(id, phase, Verdict.Kind.ENDED_DIFFERENT, List.of("the run from the reset target stopped"
                    + " before this kill point, where the clean run went on: " + first.message()), millis(t0));
        }
        Driver.Result resumed = driver.drive(runId, false, null, null, null);
        if (resumed.stop() != Driver.Stop.DECISION) {
            List<String> diff = ended(runId, resumed);
            return new Verdict(id, phase, diff.isEmpty() ? Verdict.Kind.RESUMED_CLEANLY : Verdict.Kind.ENDED_DIFFERENT,
                    diff, millis(t0));
        }
        String doubt = resumed.step();
        List<String> retry = ended(runId, driver.drive(runId, false, null, null, List.of("--retry", doubt)));
        driver.close(runId); // a --retry branch that failed or paused must not hold the cluster for the replay
        List<String> assume = assumeDone(runId + "-assume-done", id, phase, doubt);
        List<String> detail = new ArrayList<>();
        detail.add(branch("--retry " + doubt, retry));
        detail.add(branch("--assume-done " + doubt, assume));
        boolean oneWorks = retry.isEmpty() || assume.isEmpty();
        return new Verdict(id, phase, oneWorks ? Verdict.Kind.NEEDED_DECISION : Verdict.Kind.ENDED_DIFFERENT, detail,
                millis(t0));
    }

    /**
     * {@code k07-dump-primary-ran}; a long step id is cut and given a short hash of itself, so that the id and its
     * {@code -assume-done} replay stay within the engine's 64 characters.
     */
    static String runId(int index, String step, Hold.Phase phase) {
        String id = String.format("k%02d-%s-%s", index, step, phase.word());
        int room = 64 - "-assume-done".length();
        if (id.length() <= room) {
            return id;
        }
        String hash = Integer.toHexString(step.hashCode() & 0xfffffff);
        int keep = room - String.format("k%02d--%s-%s", index, hash, phase.word()).length();
        return String.format("k%02d-%s-%s-%s", index, step.substring(0, Math.max(1, keep - 1)), hash, phase.word());
    }

    /** The other branch: the same kill replayed from a reset target, then {@code --assume-done}. */
    private List<String> assumeDone(String runId, String step, Hold.Phase phase, String doubt)
            throws RunException, StoreException, InterruptedException {
        reset.run();
        Driver.Result first = driver.drive(runId, true, phase, step, null);
        if (first.stop() != Driver.Stop.KILLED) {
            return List.of("the replay did not reach the kill point: " + first.message());
        }
        Driver.Result resumed = driver.drive(runId, false, null, null, null);
        if (resumed.stop() != Driver.Stop.DECISION || !doubt.equals(resumed.step())) {
            return List.of("the replay resumed differently (" + resumed.stop() + ")");
        }
        return ended(runId, driver.drive(runId, false, null, null, List.of("--assume-done", doubt)));
    }

    private List<String> ended(String runId, Driver.Result r) throws StoreException {
        if (r.stop() == Driver.Stop.DECISION) {
            return List.of("a second decision was needed (step " + r.step() + " in doubt); rehearse explores one");
        }
        EndState end = EndState.of(store, runId, plan);
        List<String> diff = new ArrayList<>();
        if (r.stop() == Driver.Stop.FAILED && !end.failures().isEmpty()) {
            diff.add(r.message()); // what the engine said first: a failed step, a refusal
        }
        diff.addAll(end.differences(cleanEnd));
        if (r.stop() == Driver.Stop.FAILED && diff.isEmpty()) {
            diff.add(r.message());
        }
        return diff;
    }

    private static String branch(String choice, List<String> diff) {
        return choice + (diff.isEmpty() ? ": ends as the clean run" : ": ends different: " + String.join("; ", diff));
    }

    private RehearsalReport report(List<Verdict> verdicts, long cleanMillis, long t0, String problem) {
        RehearsalReport report = new RehearsalReport(plan.procedure().name(), plan.inventory().cluster(),
                plan.steps().stream().map(PlannedStep::id).toList(), request.phases(), verdicts, problem, cleanMillis,
                reset.count(), reset.millis(), driver.invocations(), millis(t0));
        try {
            Files.writeString(request.out().resolve("rehearsal.json"), report.json());
            Files.writeString(request.out().resolve("rehearsal.md"), report.markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
