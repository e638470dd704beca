package io.stepwise;

import io.stepwise.load.InventoryLoader;
import io.stepwise.load.NotifyLoader;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Param;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Procedure;
import io.stepwise.model.StepState;
import io.stepwise.plan.Planner;
import io.stepwise.plan.Template;
import io.stepwise.run.Changes;
import io.stepwise.run.Durations;
import io.stepwise.run.Verdicts;
import io.stepwise.run.Channel;
import io.stepwise.run.DecisionRequest;
import io.stepwise.run.EvidenceValue;
import io.stepwise.run.GateView;
import io.stepwise.run.Gates;
import io.stepwise.run.ConsoleOperator;
import io.stepwise.run.Ledger;
import io.stepwise.run.Notices;
import io.stepwise.run.Operator;
import io.stepwise.run.Outcome;
import io.stepwise.run.Report;
import io.stepwise.run.ResumeChoices;
import io.stepwise.run.RunException;
import io.stepwise.run.Runner;
import io.stepwise.run.Screen;
import io.stepwise.run.Secrets;
import io.stepwise.run.Sleeper;
import io.stepwise.run.StepKey;
import io.stepwise.run.Summary;
import io.stepwise.store.Holder;
import io.stepwise.store.Lease;
import io.stepwise.store.LockedException;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import io.stepwise.store.RunSummary;
import io.stepwise.store.StoreException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's front door for the CLI: start a run, resume it, record a person's decision, and read
 * back status, logs and the report. Owns the store, the lease with its heartbeat, and the Ctrl-C hook.
 */
public final class Engine implements AutoCloseable {
    static final Duration LEASE_TTL = RunSession.LEASE_TTL;
    /** How long a decision waits for a live engine at the step to act on it (and maybe refuse it). */
    static final Duration VERDICT_WAIT = Duration.ofSeconds(10);

    /**
     * How the engine meets the world.
     *
     * @param env     the environment (secrets, STEPWISE_STORE)
     * @param noInput never prompt, even in a terminal
     * @param who     the operator's name for the record
     * @param waitAtGates without a terminal, wait at a manual step for a decision from another channel ({@code --wait})
     *                instead of pausing with exit 3
     */
    public record Settings(Map<String, String> env, PrintWriter out, Clock clock, Sleeper sleeper, boolean noInput,
                           String who, boolean waitAtGates) {
        public Settings(Map<String, String> env, PrintWriter out, Clock clock, Sleeper sleeper, boolean noInput,
                        String who) {
            this(env, out, clock, sleeper, noInput, who, false);
        }

        public static Settings of(PrintWriter out, boolean noInput) {
            return new Settings(System.getenv(), out, Clock.systemUTC(), Sleeper.SYSTEM, noInput,
                    System.getProperty("user.name"));
        }

        /** The same settings, waiting at manual steps for another channel's decision when there is no terminal. */
        public Settings waiting(boolean waitAtGates) {
            return new Settings(env, out, clock, sleeper, noInput, who, waitAtGates);
        }
    }

    private final RunStore store;
    private final Settings settings;
    private Path notifyFile;

    private Engine(RunStore store, Settings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Opens the store at {@code location} (null: STEPWISE_STORE or the default path). */
    public static Engine open(String location, Settings settings) throws StoreException {
        String where = location != null ? location : RunStores.defaultLocation(settings.env());
        return new Engine(RunStores.open(where, settings.clock()), settings);
    }

    /** Notifications from {@code file} ({@code --notify}) instead of the inventory's {@code notify:} block. */
    public void notifyFrom(Path file) {
        this.notifyFile = file;
    }

    public RunStore store() {
        return store;
    }

    /** The operators and sessions of the web console, kept in this engine's run store. */
    public io.stepwise.access.Access access(Duration sessionTtl) throws StoreException {
        return new io.stepwise.access.Access(store.access(), settings.clock(), sessionTtl);
    }

    /** Starts a new run of {@code procedureFile} on {@code inventoryFile}. */
    public Runner.Result start(Path procedureFile, Path inventoryFile, Map<String, String> params, String runId)
            throws RunException, StoreException, LockedException {
        Inventory inventory = InventoryLoader.load(inventoryFile);
        Procedure procedure = ProcedureLoader.read(procedureFile, inventory).orThrow();
        for (String name : params.keySet()) {
            Param p = procedure.params().get(name);
            if (p != null && p.secret()) {
                throw RunException.badInput("-p " + name + ": " + name + " is a secret param, and -p is not used for"
                        + " secrets: a command line shows in the process list (ps) and in your shell's history. Set "
                        + p.envName() + " in the environment, or leave it unset to be asked without echo");
            }
        }
        Secrets secrets = new Secrets(settings.env()::get);
        Map<String, String> all = new LinkedHashMap<>(params);
        all.putAll(secrets.readParams(procedure, interactive()));
        Plan plan = Planner.plan(procedure, inventory, all);
        checkManualHosts(plan);
        if (notifyFile != null) {
            NotifyLoader.load(notifyFile); // a broken --notify file stops the start before anything runs
        }
        String id = runId != null ? runId : newRunId(procedure);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw RunException.badInput("--run-id " + id + ": use letters, digits, '.', '_' and '-'");
        }
        if (store.run(id).isPresent()) {
            throw RunException.badInput("run " + id + " exists already: resume it with stepwise resume " + id
                    + ", or choose another --run-id");
        }
        Lease lease = store.acquire(id, inventory.cluster(), holder(), LEASE_TTL);
        // Only the values the operator gave: a default stored here would come back on resume as if given
        // with -p and override the inventory's vars, so resume would plan other values than the start did.
        Map<String, String> stored = new LinkedHashMap<>();
        procedure.params().values().forEach(p -> {
            String v = all.get(p.name());
            if (v != null) {
                stored.put(p.name(), p.secret() ? Template.MASK : v);
            }
        });
        Map<String, String> fps = new LinkedHashMap<>();
        plan.steps().forEach(s -> fps.put(s.id(), s.fingerprint()));
        store.createRun(new RunInfo(id, procedure.name(), inventory.cluster(),
                procedureFile.toAbsolutePath().normalize().toString(),
                inventoryFile.toAbsolutePath().normalize().toString(), settings.who(), settings.clock().instant(),
                stored, sha256(procedure.text()), sha256(inventory.text()), fps));
        Ledger ledger = Ledger.load(store, id, settings.clock(), secrets.forMasking());
        Map<String, String> started = new LinkedHashMap<>();
        started.put("procedure", procedure.name());
        started.put("steps", String.valueOf(plan.steps().size()));
        if (notifyFile != null) {
            started.put(Notifications.KEY, notifyFile.toAbsolutePath().normalize().toString());
        }
        ledger.event(RunEvent.EventType.RUN_STARTED, settings.who(), null, started);
        return execute(plan, ledger, secrets, lease, Runner.Options.NONE);
    }

    /** Resumes a run: the given id, or the only unfinished one. */
    public Runner.Result resume(String runId, Set<String> retry, Set<String> assumeDone, boolean acceptChanges)
            throws RunException, StoreException, LockedException {
        return resume(runId, retry, assumeDone, Map.of(), acceptChanges);
    }

    /** As {@link #resume(String, Set, Set, boolean)}, with values for captures lost by assumed-done steps. */
    public Runner.Result resume(String runId, Set<String> retry, Set<String> assumeDone, Map<String, String> set,
                                boolean acceptChanges) throws RunException, StoreException, LockedException {
        RunInfo info = findRun(runId);
        if (store.runs().stream().anyMatch(r -> r.id().equals(info.id()) && r.state() == RunState.FINISHED)) {
            return new Runner.Result(Outcome.FINISHED, "run " + info.id() + " has finished already; nothing to do");
        }
        Abandonment.refuseResume(store, info);
        Secrets secrets = new Secrets(settings.env()::get);
        Inventory inventory = InventoryLoader.load(Path.of(info.inventoryFile()));
        Procedure procedure = ProcedureLoader.read(Path.of(info.procedureFile()), inventory).orThrow();
        Map<String, String> params = new LinkedHashMap<>();
        info.params().forEach((k, v) -> {
            Param p = procedure.params().get(k);
            if (p != null && !p.secret()) {
                params.put(k, v);
            }
        });
        params.putAll(secrets.readParams(procedure, interactive()));
        Plan plan = Planner.plan(procedure, inventory, params);
        checkManualHosts(plan);
        for (String given : union(retry, assumeDone)) {
            String s = given.contains("@") ? given.substring(0, given.indexOf('@')) : given; // STEP@HOST: one host
            if (procedure.step(s).isEmpty()) {
                throw RunException.badInput("no step " + s + " in " + info.procedureFile());
            }
        }
        Lease lease = store.acquire(info.id(), inventory.cluster(), holder(), LEASE_TTL);
        try {
            Ledger ledger = Ledger.load(store, info.id(), settings.clock(), secrets.forMasking());
            ResumeChoices.check(plan, ledger, retry, assumeDone);
            Changes.check(info, plan, ledger, acceptChanges, settings.who());
            ledger.event(RunEvent.EventType.RUN_RESUMED, settings.who(), null, Map.of());
            return execute(plan, ledger, secrets, lease, new Runner.Options(retry, assumeDone, set));
        } catch (RunException | StoreException | RuntimeException e) {
            releaseQuietly(lease);
            throw e;
        }
    }

    private Runner.Result execute(Plan plan, Ledger ledger, Secrets secrets, Lease lease, Runner.Options options)
            throws StoreException, RunException {
        Screen screen = new Screen(settings.out(), secrets.forMasking(), System.console() != null && !settings.noInput());
        Operator operator = interactive() ? new ConsoleOperator(System.console(), screen, settings.who())
                : settings.waitAtGates() ? Operator.waiting(settings.who()) : Operator.none(settings.who());
        RunInfo info = store.run(ledger.runId()).orElseThrow();
        Notices notices = Notifications.start(Notifications.settings(notifyFile, info, ledger.events()), info, ledger,
                settings.env(), secrets.forMasking(), settings.clock());
        try {
            return new RunSession(store, settings.clock(), settings.sleeper(), screen, operator, notices)
                    .execute(plan, ledger, secrets, lease, options);
        } catch (StoreException e) {
            throw RunException.failed("the run store failed mid-run: " + e.getMessage() + ". Steps of run "
                    + ledger.runId() + " ran; the one running then may be in doubt. The run is resumable once the"
                    + " store is reachable again: stepwise resume " + ledger.runId());
        } finally {
            Notifications.finish(notices);
        }
    }

    /**
     * Gives up a run (recorded with {@code who} and {@code note}) and frees its cluster; refused while a
     * live engine drives it.
     */
    public void abandon(String runId, String note, String who) throws RunException, StoreException, LockedException {
        Gates.checkName(who);
        RunInfo info = findRun(runId);
        settings.out().println(Abandonment.abandon(store, info, holder(), settings.clock(), LEASE_TTL, who, note));
        settings.out().flush();
        Ledger ledger = Ledger.load(store, info.id(), settings.clock(), Map.of());
        Notices notices;
        try {
            notices = Notifications.start(Notifications.settings(notifyFile, info, ledger.events()), info, ledger,
                    settings.env(), Map.of(), settings.clock());
        } catch (RuntimeException e) {
            settings.out().println("warning: no notification sent: " + e.getMessage());
            return; // the run is abandoned; a notify file that no longer reads does not undo that
        }
        if (notices instanceof io.stepwise.notify.Notifier n) {
            n.abandoned(who, note);
        }
        Notifications.finish(notices);
    }

    /**
     * Why a run recorded as running has no engine any more (its pid is gone on this machine, or its lease
     * expired); empty when it is not running or its engine may be alive. Only reads: takes no lease.
     */
    public java.util.Optional<String> engineGone(RunSummary run) throws StoreException {
        if (run.state() != RunState.RUNNING) {
            return java.util.Optional.empty();
        }
        java.util.Optional<io.stepwise.store.LeaseRecord> lease = store.lease(run.id());
        if (lease.isEmpty()) {
            return java.util.Optional.of("no engine holds its lease");
        }
        return lease.get().gone(holder().host(), settings.clock().instant());
    }

    /**
     * Records a person's decision on a step waiting for one, from {@code stepwise confirm/reject} on this
     * machine (channel cli, the OS login as the checked identity).
     */
    public void decide(String runId, String stepId, String host, boolean confirm, String note, String who)
            throws RunException, StoreException {
        decide(new DecisionRequest(runId, stepId, host, confirm, who, note,
                Channel.cli(System.getProperty("user.name")), null));
    }

    /**
     * Records a person's decision from any channel (terminal, cli, web) after every check of {@link Gates}:
     * the step waits, a reject has a note, the approvers and four_eyes rules, and the evidence the person saw
     * is still what is shown. An engine waiting at the step acts on it within a second or two; otherwise
     * {@code stepwise resume} does.
     *
     * @return the recorded decision
     * @throws RunException refused (exit 4) or bad input (exit 2), with the reason and what to do
     */
    public RunEvent decide(DecisionRequest request) throws RunException, StoreException {
        RunInfo info = findRun(request.runId());
        Ledger ledger = Ledger.load(store, info.id(), settings.clock(), Map.of());
        RunEvent recorded = Gates.decide(ledger, info, request);
        List<EvidenceValue> seen = EvidenceValue.fromData(recorded.data());
        for (EvidenceValue v : seen) {
            settings.out().println("  evidence " + v.label() + ": " + v.value().strip().replace("\n", "\n    "));
        }
        RunSummary summary = store.runs().stream().filter(r -> r.id().equals(info.id())).findFirst().orElse(null);
        boolean live = summary != null && summary.state() == RunState.RUNNING && engineGone(summary).isEmpty();
        String what = (request.confirm() ? "confirmed " : "rejected ") + request.stepId()
                + (request.host() == null ? "" : " on " + request.host()) + " of run " + info.id() + " as "
                + request.who();
        if (!live) {
            settings.out().println(what + ". Continue with: stepwise resume " + info.id());
            settings.out().flush();
            return recorded;
        }
        Verdicts.Verdict v;
        try {
            v = Verdicts.await(store, info.id(), recorded, settings.clock(), settings.sleeper(), VERDICT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            v = new Verdicts.Verdict(Verdicts.Verdict.Kind.NOT_YET, null, Duration.ZERO);
        }
        if (v.kind() == Verdicts.Verdict.Kind.REFUSED) {
            throw RunException.refused("the engine waiting at " + request.stepId() + " refused the decision: "
                    + v.detail() + ". Look at the values now shown (stepwise status " + info.id()
                    + ", or the console) and decide again.");
        }
        settings.out().println(what + (v.kind() == Verdicts.Verdict.Kind.WENT_ON
                ? ". The engine waiting at the step went on " + Durations.format(v.after()) + " later ("
                + v.detail() + ")." : ". The engine driving the run has not acted on it within "
                + Durations.format(VERDICT_WAIT) + "; it will when it reaches the step (stepwise status "
                + info.id() + ")."));
        settings.out().flush();
        return recorded;
    }

    /** The steps of a run waiting for a person now: instructions, who may confirm, and the evidence shown. */
    public List<GateView> gates(String runId) throws RunException, StoreException {
        RunInfo info = findRun(runId);
        return GateView.of(Ledger.load(store, info.id(), settings.clock(), Map.of()), info);
    }

    public List<RunSummary> runs() throws StoreException {
        return store.runs();
    }

    /** One run's steps and states, in plan order when the files can still be read. */
    public List<Summary.Row> steps(String runId) throws RunException, StoreException {
        RunInfo info = findRun(runId);
        return Summary.rows(store.events(info.id()), layout(info));
    }

    public RunInfo info(String runId) throws RunException, StoreException {
        return findRun(runId);
    }

    public String log(String runId, String stepId, String host) throws RunException, StoreException {
        RunInfo info = findRun(runId);
        List<String> hosts = host != null ? List.of(host) : store.events(info.id()).stream()
                .filter(e -> stepId.equals(e.stepId()) && e.host() != null).map(RunEvent::host).distinct().toList();
        if (hosts.isEmpty()) {
            throw RunException.badInput("run " + info.id() + " has no output for step " + stepId
                    + "; see stepwise status " + info.id() + " for its steps");
        }
        StringBuilder sb = new StringBuilder();
        for (String h : hosts) {
            if (hosts.size() > 1) {
                sb.append("== ").append(stepId).append(" on ").append(h).append('\n');
            }
            sb.append(store.output(info.id(), stepId, h));
        }
        return sb.toString();
    }

    public String report(String runId, String format) throws RunException, StoreException {
        RunInfo info = findRun(runId);
        RunSummary summary = store.runs().stream().filter(r -> r.id().equals(info.id())).findFirst().orElse(null);
        Report report = new Report(info, summary, store.events(info.id()), layout(info));
        return "json".equals(format) ? report.json() : report.markdown();
    }

    private List<Map.Entry<String, List<String>>> layout(RunInfo info) {
        try {
            Inventory inventory = InventoryLoader.load(Path.of(info.inventoryFile()));
            Procedure procedure = ProcedureLoader.read(Path.of(info.procedureFile()), inventory).orThrow();
            Map<String, String> params = new LinkedHashMap<>();
            info.params().forEach((k, v) -> {
                if (procedure.params().containsKey(k) && !procedure.params().get(k).secret()) {
                    params.put(k, v);
                }
            });
            return Summary.layout(Planner.plan(procedure, inventory, params).steps());
        } catch (RuntimeException e) {
            try {
                return Summary.layout(info, store.events(info.id()));
            } catch (StoreException se) {
                return List.of();
            }
        }
    }

    private RunInfo findRun(String runId) throws RunException, StoreException {
        if (runId != null) {
            return store.run(runId).orElseThrow(() -> RunException.badInput("no run " + runId
                    + " in the store; stepwise status lists the runs"));
        }
        List<RunSummary> open = store.runs().stream().filter(r -> r.state().active()).toList();
        if (open.size() != 1) {
            throw RunException.badInput(open.isEmpty() ? "no unfinished run in the store; give a run id"
                    : "several unfinished runs (" + String.join(", ", open.stream().map(RunSummary::id).toList())
                      + "); say which: stepwise resume RUN_ID");
        }
        return store.run(open.get(0).id()).orElseThrow();
    }

    private boolean interactive() {
        return !settings.noInput() && System.console() != null;
    }

    private static void checkManualHosts(Plan plan) throws RunException {
        for (PlannedStep ps : plan.steps()) {
            if (ps.step().action() instanceof Action.Manual) {
                continue;
            }
            for (Host h : ps.hosts()) {
                if (h.connection() == Host.Connection.MANUAL) {
                    throw RunException.badInput(ps.step().mark() + ": step " + ps.id() + " runs on role "
                            + ps.step().on() + ", but host " + h.name() + " has connection: manual; only manual"
                            + " steps may target it. Nothing ran.");
                }
            }
        }
    }

    private Holder holder() {
        return RunStores.thisProcess(settings.who(), settings.clock());
    }

    private String newRunId(Procedure procedure) throws StoreException {
        String base = procedure.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(settings.clock().instant().atZone(ZoneOffset.UTC));
        String id = base;
        for (int i = 2; store.run(id).isPresent(); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private void releaseQuietly(Lease lease) {
        try {
            store.release(lease);
        } catch (StoreException | RuntimeException e) {
            // the lease expires; a dead pid on this machine is taken over at once
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
