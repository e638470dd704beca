package io.stepwise;

import io.stepwise.access.Access;
import io.stepwise.load.NotifyLoader;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Param;
import io.stepwise.model.Procedure;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.plan.GraphExport;
import io.stepwise.plan.PlanPrinter;
import io.stepwise.run.Changes;
import io.stepwise.run.Channel;
import io.stepwise.run.DecisionRequest;
import io.stepwise.run.Effects;
import io.stepwise.run.GateView;
import io.stepwise.run.Gates;
import io.stepwise.run.Ledger;
import io.stepwise.run.Notices;
import io.stepwise.run.ResumeChoices;
import io.stepwise.run.RunException;
import io.stepwise.run.Runner;
import io.stepwise.run.Secrets;
import io.stepwise.run.Verdicts;
import io.stepwise.store.Decision;
import io.stepwise.store.Holder;
import io.stepwise.store.Lease;
import io.stepwise.store.LeaseRecord;
import io.stepwise.store.LockedException;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import io.stepwise.store.RunSummary;
import io.stepwise.store.StoreException;
import io.stepwise.text.Durations;
import io.stepwise.text.Escape;
import io.stepwise.text.Template;
import io.stepwise.view.ConsoleOperator;
import io.stepwise.view.EvidenceValue;
import io.stepwise.view.Operator;
import io.stepwise.view.Report;
import io.stepwise.view.Screen;
import io.stepwise.view.StatusView;
import io.stepwise.view.Summary;
import java.io.BufferedReader;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stepwise's front door, for the CLI and the web console alike: {@code validate}, {@code plan}, {@code graph}
 * and {@code trust} work on files; an opened engine owns a run store and offers {@code start}, {@code resume},
 * {@code decide}, {@code abandon}, {@code status}, {@code report} and the read-side queries
 * ({@link #runs}, {@link #info}, {@link #steps}, {@link #events}, {@link #log}). Every command goes through
 * one load → check → plan path ({@link Pipeline}); every failure leaves as a {@link StepwiseException}.
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
    public record Settings(Map<String, String> env, PrintWriter out, Clock clock, Ticker ticker, boolean noInput,
                           String who, boolean waitAtGates) {
        public Settings(Map<String, String> env, PrintWriter out, Clock clock, Ticker ticker, boolean noInput,
                        String who) {
            this(env, out, clock, ticker, noInput, who, false);
        }

        public static Settings of(PrintWriter out, boolean noInput) {
            return new Settings(System.getenv(), out, Clock.systemUTC(), Ticker.SYSTEM, noInput,
                    System.getProperty("user.name"));
        }

        /** The same settings recorded under another name (null: unchanged). */
        public Settings as(String person) {
            return person == null ? this : new Settings(env, out, clock, ticker, noInput, person, waitAtGates);
        }

        /** The same settings, waiting at manual steps for another channel's decision when there is no terminal. */
        public Settings waiting(boolean waitAtGates) {
            return new Settings(env, out, clock, ticker, noInput, who, waitAtGates);
        }
    }

    /** The run store: open, or being opened on a thread of its own ({@link #opening(String, Settings)}). */
    private final java.util.concurrent.CompletableFuture<RunStore> store;
    private final Settings settings;
    private Path notifyFile;

    private Engine(RunStore store, Settings settings) {
        this(java.util.concurrent.CompletableFuture.completedFuture(store), settings);
    }

    private Engine(java.util.concurrent.CompletableFuture<RunStore> store, Settings settings) {
        this.store = store;
        this.settings = settings;
    }

    /**
     * The run store: waits for it when it is still being opened, and fails as opening it failed (at every call: a
     * store that did not open stays unopened).
     */
    private RunStore store() throws StoreException {
        try {
            return store.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Opens the store at {@code location} (null: STEPWISE_STORE or the default path). */
    public static Engine open(String location, Settings settings) throws StepwiseException {
        String where = location != null ? location : RunStores.defaultLocation(settings.env());
        return Failures.guard(() -> new Engine(RunStores.open(where, settings.clock()), settings));
    }

    /**
     * Starts, on a thread of its own, the one-time work that starting or resuming a run will need first: the
     * store's (SQLite, jdbi) and the SSH logins' (JSch, the JDK's cryptography). The CLI calls it first thing for
     * {@code run} and {@code resume}, so that it overlaps the parsing of the command line; it changes nothing
     * and opens nothing, and whatever fails in it is left for the real work to report.
     */
    public static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                RunStores.warmUp();
                io.stepwise.transport.ssh.SshConnector.warmUp();
            } catch (RuntimeException | LinkageError e) {
                // the real open or login reports it
            }
        }, "stepwise-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * As {@link #open(String, Settings)}, but the store is opened on a thread of its own while the caller goes on:
     * {@code start} loads and plans the procedure meanwhile (on a 2-core machine the two overlap: about 0.1 s of a
     * run's start-up, docs/performance.md). A store that cannot be opened fails the first call that needs it,
     * with the same error, and nothing has run by then.
     */
    public static Engine opening(String location, Settings settings) {
        String where = location != null ? location : RunStores.defaultLocation(settings.env());
        java.util.concurrent.CompletableFuture<RunStore> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(RunStores.open(where, settings.clock()));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "stepwise-store-open");
        t.setDaemon(true);
        t.start();
        return new Engine(f, settings);
    }

    /** Opens an existing store only to read it (status, report, log): creates nothing (see {@link RunStores#openToRead}). */
    public static Engine openToRead(String location, Settings settings) throws StepwiseException {
        String where = location != null ? location : RunStores.defaultLocation(settings.env());
        return Failures.guard(() -> new Engine(RunStores.openToRead(where, settings.clock()), settings));
    }

    /** The path of the SQLite store at {@code location} when no such file exists yet (no run recorded there). */
    public static java.util.Optional<String> missingStore(String location, Settings settings) {
        String where = location != null ? location : RunStores.defaultLocation(settings.env());
        if (where.startsWith("jdbc:") && !where.startsWith("jdbc:sqlite:")) {
            return java.util.Optional.empty();
        }
        Path file = Path.of(where.startsWith("jdbc:sqlite:") ? where.substring(12) : where).toAbsolutePath();
        return java.nio.file.Files.exists(file) ? java.util.Optional.empty() : java.util.Optional.of(file.toString());
    }

    /** Notifications from {@code file} ({@code --notify}) instead of the inventory's {@code notify:} block. */
    public void notifyFrom(Path file) {
        this.notifyFile = file;
    }

    /** The operators and sessions of the web console, kept in this engine's run store. */
    public Access access(Duration sessionTtl) throws StepwiseException {
        return Failures.guard(() -> new Access(store().access(), settings.clock(), sessionTtl));
    }

    /** Adds an operator of the web console; returns their sign-in token (only its hash is kept). */
    public String addOperator(String name, boolean approver) throws StepwiseException {
        return Failures.guard(() -> {
            Access access = access(Access.DEFAULT_SESSION_TTL);
            if (access.list().stream().anyMatch(o -> o.name().equals(name))) {
                throw RunException.badInput("operator " + name + " exists already; remove it first with stepwise"
                        + " operator remove " + name + ", or choose another name");
            }
            return access.add(name, approver);
        });
    }

    /** The operators of the web console: name → whether they may approve. */
    public Map<String, Boolean> operators() throws StepwiseException {
        return Failures.guard(() -> {
            Map<String, Boolean> out = new LinkedHashMap<>();
            access(Access.DEFAULT_SESSION_TTL).list().forEach(o -> out.put(o.name(), o.approver()));
            return out;
        });
    }

    /** Removes an operator and ends their sessions; false when there is none by that name. */
    public boolean removeOperator(String name) throws StepwiseException {
        return Failures.guard(() -> access(Access.DEFAULT_SESSION_TTL).remove(name));
    }

    /** {@code text} safe for a terminal: control characters made visible ({@link Escape#terminal}). */
    public static String forTerminal(String text) {
        return Escape.terminal(text);
    }

    /** Checks procedure and inventory files (directories: every YAML file under them), against an inventory. */
    public static Validation validate(List<Path> files, Path inventoryFile) throws StepwiseException {
        return Failures.guard(() -> Validator.validate(files, inventoryFile));
    }

    /** What a run would do, step by step and host by host, values rendered (secrets masked). */
    public static String plan(Path procedureFile, Path inventoryFile, Map<String, String> params)
            throws StepwiseException {
        return Failures.guard(() -> PlanPrinter.render(Pipeline.plan(procedureFile, inventoryFile, p -> params).plan()));
    }

    /** The step graph of a procedure. */
    public static String graph(Path procedureFile, GraphFormat format) throws StepwiseException {
        return Failures.guard(() -> {
            Procedure p = ProcedureLoader.load(procedureFile);
            return format == GraphFormat.DOT ? GraphExport.dot(p) : GraphExport.mermaid(p);
        });
    }

    /**
     * Shows the SSH host key of each named host (every SSH host when none is named) and adds confirmed keys
     * to the inventory's known_hosts; a key that differs from a known one is never replaced.
     *
     * @param yes     add unknown keys without asking
     * @param answers where the y/N answers come from
     */
    public static TrustResult trust(Path inventoryFile, List<String> hosts, boolean yes, PrintWriter out,
                                    PrintWriter err, BufferedReader answers) throws StepwiseException {
        return Failures.guard(() -> new Trust(yes, out, err, answers).trust(inventoryFile, hosts));
    }

    /** Starts a new run of {@code procedureFile} on {@code inventoryFile}. */
    public RunResult start(Path procedureFile, Path inventoryFile, Map<String, String> params, String runId)
            throws StepwiseException {
        return Failures.guard(() -> doStart(procedureFile, inventoryFile, params, runId));
    }

    private RunResult doStart(Path procedureFile, Path inventoryFile, Map<String, String> params, String runId)
            throws RunException, StoreException, LockedException {
        Secrets secrets = new Secrets(settings.env()::get);
        Map<String, String> all = new LinkedHashMap<>(params);
        Pipeline.Planned planned = Pipeline.plan(procedureFile, inventoryFile, procedure -> {
            for (String name : params.keySet()) {
                Param p = procedure.params().get(name);
                if (p != null && p.secret()) {
                    throw RunException.badInput("-p " + name + ": " + name + " is a secret param, and -p is not used"
                            + " for secrets: a command line shows in the process list (ps) and in your shell's"
                            + " history. Set " + p.envName() + " in the environment, or leave it unset to be asked"
                            + " without echo");
                }
            }
            all.putAll(secrets.readParams(procedure, interactive()));
            return all;
        });
        try (io.stepwise.transport.Connector connector = RunSession.connect(planned.plan(), secrets)) {
            return start(planned, all, secrets, procedureFile, inventoryFile, runId, connector);
        }
    }

    /** The rest of {@link #doStart}, the plan made and its hosts' logins under way on {@code connector}. */
    private RunResult start(Pipeline.Planned planned, Map<String, String> all, Secrets secrets, Path procedureFile,
                            Path inventoryFile, String runId, io.stepwise.transport.Connector connector)
            throws RunException, StoreException, LockedException {
        Procedure procedure = planned.procedure();
        if (notifyFile != null) {
            NotifyLoader.load(notifyFile); // a broken --notify file stops the start before anything runs
        }
        String id = runId != null ? runId : newRunId(procedure);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw RunException.badInput("--run-id " + (id.length() > 80 ? id.substring(0, 80) + "..." : id)
                    + ": use 1 to 64 letters, digits, '.', '_' and '-' (starting with a letter or digit)");
        }
        if (store().run(id).isPresent()) {
            throw RunException.badInput("run " + id + " exists already: resume it with stepwise resume " + id
                    + ", or choose another --run-id");
        }
        boolean readOnly = Effects.readOnly(planned.plan());
        Lease lease = readOnly ? store().acquireShared(id, planned.inventory().cluster(), holder(), LEASE_TTL)
                : store().acquire(id, planned.inventory().cluster(), holder(), LEASE_TTL);
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
        planned.plan().steps().forEach(s -> fps.put(s.id(), s.fingerprint()));
        Map<String, String> started = new LinkedHashMap<>();
        started.put("procedure", procedure.name());
        started.put("steps", String.valueOf(planned.plan().steps().size()));
        io.stepwise.plan.Values.effective(planned.plan()).forEach((name, e) -> {
            started.put(io.stepwise.view.Report.PARAM + name, e.value());
            started.put(io.stepwise.view.Report.SOURCE + name, e.source());
        });
        if (notifyFile != null) {
            started.put(Notifications.KEY, notifyFile.toAbsolutePath().normalize().toString());
        }
        RunInfo info = new RunInfo(id, procedure.name(), planned.inventory().cluster(),
                procedureFile.toAbsolutePath().normalize().toString(),
                inventoryFile.toAbsolutePath().normalize().toString(), settings.who(), settings.clock().instant(),
                stored, sha256(procedure.text()), sha256(planned.inventory().text()), fps);
        // the run, how it started, what it planned and its move to RUNNING: one write, so a kill leaves no run
        // without its start
        java.time.Instant now = settings.clock().instant();
        Ledger ledger = Ledger.create(store(), info, settings.clock(), secrets.forMasking(), List.of(
                new RunEvent(0, now, RunEvent.EventType.RUN_STARTED, null, null, null, 0, settings.who(), null, started),
                Changes.plannedEvent(planned.plan(), now),
                RunEvent.runState(now, RunState.RUNNING, null, null, null, Map.of())));
        if (!readOnly) {
            supersede(id, planned.inventory().cluster());
        }
        return execute(planned, ledger, secrets, lease, Runner.Options.NONE, connector);
    }

    /**
     * Records as abandoned, with a note naming the new run, every unfinished run of the cluster that no engine
     * drives and that does not hold the cluster (it started no step with effects): this new run took the
     * cluster, so they could only be resumed after it.
     */
    private void supersede(String newRun, String cluster) throws StoreException {
        for (RunSummary r : store().runs()) {
            if (!r.cluster().equals(cluster) || r.id().equals(newRun) || !r.state().active()
                    || r.state() == RunState.RUNNING) {
                continue;
            }
            String note = "superseded by run " + newRun + ": it had started no step with effects, so it did not hold"
                    + " cluster " + cluster;
            // one event, as an abandon: the decision and the state change are written together
            Ledger.load(store(), r.id(), settings.clock(), Map.of()).runState(RunState.ABANDONED, null, settings.who(),
                    note, Decision.ABANDON);
            settings.out().println("run " + r.id() + " (" + r.state().name().toLowerCase(java.util.Locale.ROOT)
                    + ", no step with effects started) is superseded by this run and recorded as abandoned");
        }
    }

    /** Resumes a run: the given id, or the only unfinished one. */
    public RunResult resume(String runId, Set<String> retry, Set<String> assumeDone, boolean acceptChanges)
            throws StepwiseException {
        return resume(runId, retry, assumeDone, Map.of(), acceptChanges);
    }

    /** As {@link #resume(String, Set, Set, boolean)}, with values for captures lost by assumed-done steps. */
    public RunResult resume(String runId, Set<String> retry, Set<String> assumeDone, Map<String, String> set,
                            boolean acceptChanges) throws StepwiseException {
        return Failures.guard(() -> doResume(runId, retry, assumeDone, set, acceptChanges));
    }

    private RunResult doResume(String runId, Set<String> retry, Set<String> assumeDone, Map<String, String> set,
                               boolean acceptChanges) throws RunException, StoreException, LockedException {
        RunInfo info = findRun(runId);
        if (store().runs().stream().anyMatch(r -> r.id().equals(info.id()) && r.state() == RunState.FINISHED)) {
            return new RunResult(RunResult.Outcome.FINISHED, "run " + info.id()
                    + " has finished already; nothing to do");
        }
        Abandonment.refuseResume(store(), info);
        Secrets secrets = new Secrets(settings.env()::get);
        Pipeline.Params storedParams = Pipeline.stored(info.params());
        Pipeline.Planned planned = Pipeline.plan(Path.of(info.procedureFile()), Path.of(info.inventoryFile()),
                procedure -> {
                    Map<String, String> params = new LinkedHashMap<>(storedParams.of(procedure));
                    params.putAll(secrets.readParams(procedure, interactive()));
                    return params;
                });
        java.util.Set<String> captures = new java.util.TreeSet<>();
        planned.procedure().steps().forEach(s -> captures.addAll(s.capture().keySet()));
        for (String name : set.keySet()) {
            if (!captures.contains(name)) {
                throw RunException.badInput("--set " + name + ": no step of " + planned.procedure().name() + " captures '"
                        + name + "'" + io.stepwise.text.Suggest.didYouMean(name, captures) + "; --set gives a captured"
                        + " value that a step assumed done could not supply" + (captures.isEmpty()
                        ? " (this procedure captures nothing)" : "; its captures: " + String.join(", ", captures)));
            }
        }
        for (String given : union(retry, assumeDone)) {
            String s = given.contains("@") ? given.substring(0, given.indexOf('@')) : given; // STEP@HOST: one host
            if (planned.procedure().step(s).isEmpty()) {
                throw RunException.badInput("no step " + s + " in " + info.procedureFile());
            }
        }
        Lease lease = Effects.readOnly(planned.plan())
                ? store().acquireShared(info.id(), planned.inventory().cluster(), holder(), LEASE_TTL)
                : store().acquire(info.id(), planned.inventory().cluster(), holder(), LEASE_TTL);
        // the logins start now, while the history is read and checked
        try (io.stepwise.transport.Connector connector = RunSession.connect(planned.plan(), secrets)) {
            Ledger ledger = Ledger.load(store(), info.id(), settings.clock(), secrets.forMasking());
            ResumeChoices.check(planned.plan(), ledger, retry, assumeDone);
            Changes.check(info, planned.plan(), ledger, acceptChanges, settings.who());
            ledger.event(RunEvent.EventType.RUN_RESUMED, settings.who(), null, Map.of());
            return execute(planned, ledger, secrets, lease, new Runner.Options(retry, assumeDone, set), connector);
        } catch (RunException | StoreException | RuntimeException e) {
            releaseQuietly(lease);
            throw e;
        }
    }

    private RunResult execute(Pipeline.Planned planned, Ledger ledger, Secrets secrets, Lease lease,
                              Runner.Options options, io.stepwise.transport.Connector connector) throws RunException {
        Screen screen = new Screen(settings.out(), secrets.forMasking(), System.console() != null && !settings.noInput());
        Operator operator = interactive() ? new ConsoleOperator(System.console(), screen, settings.who())
                : settings.waitAtGates() ? Operator.waiting(settings.who()) : Operator.none(settings.who());
        Notices notices;
        try {
            RunInfo info = store().run(ledger.runId()).orElseThrow();
            notices = Notifications.start(Notifications.settings(notifyFile, info, ledger.events()), info, ledger,
                    settings.env(), secrets.forMasking(), settings.clock(), settings.ticker());
        } catch (StoreException e) {
            throw storeFailed(ledger, e);
        }
        try {
            Runner.Result r = new RunSession(store(), settings.clock(), settings.ticker(), screen, operator, notices)
                    .hold(io.stepwise.run.Hold.from(settings.env())).execute(planned.plan(), ledger, lease, options,
                            connector);
            return new RunResult(RunResult.Outcome.valueOf(r.outcome().name()), r.message());
        } catch (StoreException e) {
            throw storeFailed(ledger, e);
        } finally {
            Notifications.finish(notices);
        }
    }

    private static RunException storeFailed(Ledger ledger, StoreException e) {
        if (e instanceof io.stepwise.store.LeaseLostException) {
            return RunException.refused(e.getMessage() + ". This engine stops here; the step it was running, if any,"
                    + " may still run on its host and is settled by the engine that holds run " + ledger.runId()
                    + " now (stepwise status " + ledger.runId() + ")");
        }
        return RunException.failed("the run store failed mid-run: " + e.getMessage() + ". Steps of run "
                + ledger.runId() + " ran; the one running then may be in doubt. The run is resumable once the"
                + " store is reachable again: stepwise resume " + ledger.runId());
    }

    /**
     * Gives up a run (recorded with {@code who} and {@code note}) and frees its cluster; refused while a
     * live engine drives it.
     */
    public void abandon(String runId, String note, String who) throws StepwiseException {
        Failures.guard(() -> {
            Gates.checkName(who);
            RunInfo info = findRun(runId);
            settings.out().println(Abandonment.abandon(store(), info, holder(), settings.clock(), LEASE_TTL, who, note));
            settings.out().flush();
            notifyAbandoned(info, who, note);
            return null;
        });
    }

    private void notifyAbandoned(RunInfo info, String who, String note) throws StoreException {
        Ledger ledger = Ledger.load(store(), info.id(), settings.clock(), Map.of());
        Notices notices;
        try {
            notices = Notifications.start(Notifications.settings(notifyFile, info, ledger.events()), info, ledger,
                    settings.env(), Map.of(), settings.clock(), settings.ticker());
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
    public Optional<String> engineGone(RunSummary run) throws StepwiseException {
        return Failures.guard(() -> gone(run));
    }

    private Optional<String> gone(RunSummary run) throws StoreException {
        if (run.state() != RunState.RUNNING) {
            return Optional.empty();
        }
        Optional<LeaseRecord> lease = store().lease(run.id());
        if (lease.isEmpty()) {
            return Optional.of("no engine holds its lease");
        }
        return lease.get().gone(holder().host(), store().now());
    }

    /**
     * Records a person's decision on a step waiting for one, from {@code stepwise confirm/reject} on this
     * machine (channel cli, the OS login as the checked identity).
     */
    public void decide(String runId, String stepId, String host, boolean confirm, String note, String who)
            throws StepwiseException {
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
     * @throws StepwiseException refused or bad input, with the reason and what to do
     */
    public RunEvent decide(DecisionRequest request) throws StepwiseException {
        return Failures.guard(() -> {
            RunInfo info = findRun(request.runId());
            Ledger ledger = Ledger.load(store(), info.id(), settings.clock(), Map.of());
            RunEvent recorded = Gates.decide(ledger, info, request);
            List<EvidenceValue> seen = EvidenceValue.fromData(recorded.data());
            for (EvidenceValue v : seen) {
                settings.out().println("  evidence " + v.label() + ": " + v.value().strip().replace("\n", "\n    "));
            }
            RunSummary summary = store().runs().stream().filter(r -> r.id().equals(info.id())).findFirst()
                    .orElse(null);
            boolean live = summary != null && summary.state() == RunState.RUNNING && gone(summary).isEmpty();
            String what = (request.confirm() ? "confirmed " : "rejected ") + request.stepId()
                    + (request.host() == null ? "" : " on " + request.host()) + " of run " + info.id() + " as "
                    + request.who();
            if (!live) {
                settings.out().println(what + ". Continue with: stepwise resume " + info.id());
                settings.out().flush();
                return recorded;
            }
            Verdicts.Verdict v = Verdicts.await(store(), info.id(), recorded, settings.clock(), settings.ticker(),
                    VERDICT_WAIT);
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
        });
    }

    /** The steps of a run waiting for a person now: instructions, who may confirm, and the evidence shown. */
    public List<GateView> gates(String runId) throws StepwiseException {
        return Failures.guard(() -> {
            RunInfo info = findRun(runId);
            return GateView.of(Ledger.load(store(), info.id(), settings.clock(), Map.of()), info);
        });
    }

    /** Every run, newest first, as the store records them. */
    public List<RunSummary> runs() throws StepwiseException {
        return Failures.guard(() -> store().runs());
    }

    /** One run's line of {@link #runs()} (state, current step), read by id. */
    public Optional<RunSummary> summary(String runId) throws StepwiseException {
        return Failures.guard(() -> store().summary(runId));
    }

    /** One run's record: procedure, inventory, who started it, values (secrets masked), fingerprints. */
    public RunInfo info(String runId) throws StepwiseException {
        return Failures.guard(() -> findRun(runId));
    }

    /** One run's steps and states, in plan order when the files can still be read. */
    public List<Summary.Row> steps(String runId) throws StepwiseException {
        return Failures.guard(() -> {
            RunInfo info = findRun(runId);
            return Summary.rows(store().events(info.id()), layout(info));
        });
    }

    /** One run's history, oldest first: every state change, decision and captured value. */
    public List<RunEvent> events(String runId) throws StepwiseException {
        return Failures.guard(() -> store().events(findRun(runId).id()));
    }

    /** The runs (null {@code runId}) or one run's steps, as text or JSON. Only reads: takes no lease. */
    public String status(String runId, StatusFormat format) throws StepwiseException {
        return Failures.guard(() -> {
            boolean json = format == StatusFormat.JSON;
            List<RunSummary> runs = store().runs();
            if (runId == null) {
                Map<String, String> gone = new LinkedHashMap<>();
                List<RunSummary> shown = new java.util.ArrayList<>();
                for (RunSummary r : runs) {
                    gone(r).ifPresent(why -> gone.put(r.id(), why));
                    boolean open = r.state().active() && (r.state() != RunState.RUNNING || gone.containsKey(r.id()));
                    shown.add(open ? withNextStep(r) : r);
                }
                return StatusView.runs(shown, gone, json);
            }
            RunInfo info = findRun(runId);
            RunSummary s = runs.stream().filter(r -> r.id().equals(info.id())).findFirst().orElse(null);
            String gone = s == null ? null : gone(s).orElse(null);
            String view = StatusView.run(info, s, Summary.rows(store().events(info.id()), layout(info)), gone, json);
            if (json) {
                return view;
            }
            StringBuilder text = new StringBuilder(view);
            GateView.of(Ledger.load(store(), info.id(), settings.clock(), Map.of()), info)
                    .forEach(g -> text.append('\n').append(g.describe()));
            return text.toString();
        });
    }

    /**
     * An unfinished run with the step a person or {@code resume} meets next as its current step: the first step,
     * in plan order, that is not done (succeeded, skipped, assumed done) on every host.
     */
    private RunSummary withNextStep(RunSummary r) throws StoreException {
        List<RunEvent> events = store().events(r.id());
        RunInfo info = store().run(r.id()).orElse(null);
        if (info == null) {
            return r;
        }
        java.util.Set<StepState> done = java.util.EnumSet.of(StepState.SUCCEEDED, StepState.SKIPPED, StepState.ASSUMED_DONE);
        String next = Summary.rows(events, Summary.layout(info, events)).stream().filter(row -> !done.contains(row.state()))
                .map(Summary.Row::step).findFirst().orElse(r.currentStep());
        return new RunSummary(r.id(), r.procedure(), r.cluster(), r.state(), next, r.operator(), r.startedAt(),
                r.updatedAt());
    }

    /** A step's stored output on one host, or on each of its hosts under a heading. */
    public String log(String runId, String stepId, String host) throws StepwiseException {
        return Failures.guard(() -> {
            RunInfo info = findRun(runId);
            List<String> seen = store().events(info.id()).stream()
                    .filter(e -> stepId.equals(e.stepId()) && e.host() != null).map(RunEvent::host).distinct().toList();
            if (host != null && !seen.isEmpty() && !seen.contains(host)) {
                throw RunException.badInput("step " + stepId + " of run " + info.id() + " has no output on host " + host
                        + io.stepwise.text.Suggest.didYouMean(host, seen) + "; its hosts: " + String.join(", ", seen));
            }
            if (!info.stepFingerprints().containsKey(stepId)) {
                throw RunException.badInput("run " + info.id() + " has no step " + stepId
                        + io.stepwise.text.Suggest.didYouMean(stepId, info.stepFingerprints().keySet()) + "; its steps: "
                        + String.join(", ", info.stepFingerprints().keySet()));
            }
            List<String> hosts = host != null ? List.of(host) : seen;
            if (hosts.isEmpty() || host != null && seen.isEmpty()) {
                throw RunException.badInput("run " + info.id() + " has no output for step " + stepId
                        + "; see stepwise status " + info.id() + " for its steps");
            }
            StringBuilder sb = new StringBuilder();
            for (String h : hosts) {
                if (hosts.size() > 1) {
                    sb.append("== ").append(stepId).append(" on ").append(h).append('\n');
                }
                sb.append(store().output(info.id(), stepId, h));
            }
            return sb.toString();
        });
    }

    /**
     * Every stored output of a run, read at once (one query; a page that shows each step's output tail uses this
     * rather than {@link #log} per step): step → host → output, all attempts in order.
     */
    public Map<String, Map<String, String>> logs(String runId) throws StepwiseException {
        return Failures.guard(() -> store().outputs(findRun(runId).id()));
    }

    /** The change-ticket record of a run. */
    public String report(String runId, ReportFormat format) throws StepwiseException {
        return Failures.guard(() -> {
            RunInfo info = findRun(runId);
            RunSummary summary = store().runs().stream().filter(r -> r.id().equals(info.id())).findFirst().orElse(null);
            Report report = new Report(info, summary, store().events(info.id()), layout(info));
            return format == ReportFormat.JSON ? report.json() : report.markdown();
        });
    }

    private List<Map.Entry<String, List<String>>> layout(RunInfo info) {
        try {
            return Summary.layout(Pipeline.plan(Path.of(info.procedureFile()), Path.of(info.inventoryFile()),
                    Pipeline.stored(info.params())).plan().steps());
        } catch (RunException | RuntimeException e) {
            try {
                return Summary.layout(info, store().events(info.id()));
            } catch (StoreException se) {
                return List.of();
            }
        }
    }

    private RunInfo findRun(String runId) throws RunException, StoreException {
        if (runId != null) {
            return store().run(runId).orElseThrow(() -> RunException.badInput("no run " + runId
                    + " in the store; stepwise status lists the runs"));
        }
        List<RunSummary> open = store().runs().stream().filter(r -> r.state().active()).toList();
        if (open.size() != 1) {
            throw RunException.badInput(open.isEmpty() ? "no unfinished run in the store; give a run id"
                    : "several unfinished runs (" + String.join(", ", open.stream().map(RunSummary::id).toList())
                      + "); say which: stepwise resume RUN_ID");
        }
        return store().run(open.get(0).id()).orElseThrow();
    }

    private boolean interactive() {
        return !settings.noInput() && System.console() != null;
    }

    private Holder holder() {
        return RunStores.thisProcess(settings.who(), settings.clock());
    }

    private String newRunId(Procedure procedure) throws StoreException {
        String base = procedure.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(settings.clock().instant().atZone(ZoneOffset.UTC));
        String id = base;
        for (int i = 2; store().run(id).isPresent(); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private void releaseQuietly(Lease lease) {
        try {
            store().release(lease);
        } catch (StoreException | RuntimeException e) {
            // the lease expires; a dead pid on this machine is taken over at once
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
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

    /**
     * {@code stepwise rehearse}: interrupts a procedure at every step on a lab and resumes it, comparing each
     * end state with a clean run's (see {@link io.stepwise.rehearse.Rehearsal}). Uses its own run store under
     * the request's output directory, never the operator's.
     */
    public static RehearseResult rehearse(RehearseRequest r, PrintWriter out) throws StepwiseException {
        return Failures.guard(() -> {
            List<io.stepwise.run.Hold.Phase> phases = new java.util.ArrayList<>();
            for (String k : r.killAt()) {
                try {
                    phases.add(io.stepwise.run.Hold.Phase.valueOf(k.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new StepwiseException(StepwiseException.Kind.BAD_INPUT, "--kill-at " + k
                            + ": expected started, ran or done");
                }
            }
            var report = io.stepwise.rehearse.Rehearsal.run(new io.stepwise.rehearse.RehearsalRequest(r.procedure(),
                    r.inventory(), r.params(), r.reset(), r.answers(), r.killEachStep(), r.only(), phases, r.out(),
                    r.engine(), r.env()), out);
            return new RehearseResult(report.passed(), report.table(), r.out().resolve("rehearsal.md"),
                    r.out().resolve("rehearsal.json"));
        });
    }

    @Override
    public void close() {
        RunStore open;
        try {
            open = store(); // what the thread opened is closed even when nobody used it
        } catch (StoreException | RuntimeException e) {
            return; // it did not open: nothing to close (the first use, if any, said why)
        }
        open.close();
    }
}
