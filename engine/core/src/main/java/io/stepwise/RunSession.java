package io.stepwise;

import io.stepwise.model.Plan;
import io.stepwise.model.Ticker;
import io.stepwise.run.Interruption;
import io.stepwise.run.Ledger;
import io.stepwise.run.Notices;
import io.stepwise.run.Outcome;
import io.stepwise.run.RoleChecks;
import io.stepwise.run.RunException;
import io.stepwise.run.Runner;
import io.stepwise.run.Effects;
import io.stepwise.run.Secrets;
import io.stepwise.run.StepKey;
import io.stepwise.store.Lease;
import io.stepwise.store.LockedException;
import io.stepwise.store.RunState;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.transport.Connector;
import io.stepwise.transport.Stopped;
import io.stepwise.transport.ssh.SshAuth;
import io.stepwise.view.Operator;
import io.stepwise.view.Screen;
import io.stepwise.view.Summary;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One engine driving one run while it holds the lease: connections opened and closed here, the lease
 * kept alive by a heartbeat, role checks first, then the runner; Ctrl-C records the interruption
 * (bounded in time, so a hung store cannot keep the process from exiting).
 */
final class RunSession {
    static final Duration LEASE_TTL = Duration.ofSeconds(30);
    private static final Duration HOOK_LIMIT = Duration.ofSeconds(5);
    /** How long Ctrl-C waits for commands under way over SSH to be stopped on their hosts (within HOOK_LIMIT). */
    private static final Duration REMOTE_STOP = Duration.ofSeconds(3);
    /** How long Ctrl-C's record may take before the operator is told that the store is what it waits for. */
    private static final Duration STORE_PATIENCE = Duration.ofMillis(500);

    private final RunStore store;
    private final Clock clock;
    private final Ticker ticker;
    private final Screen screen;
    private final Operator operator;
    private final Duration heartbeatEvery;
    private final Notices notices;
    private io.stepwise.run.Hold hold;

    RunSession(RunStore store, Clock clock, Ticker ticker, Screen screen, Operator operator) {
        this(store, clock, ticker, screen, operator, Notices.NONE);
    }

    RunSession(RunStore store, Clock clock, Ticker ticker, Screen screen, Operator operator, Notices notices) {
        this(store, clock, ticker, screen, operator, LEASE_TTL.dividedBy(3), notices);
    }

    RunSession(RunStore store, Clock clock, Ticker ticker, Screen screen, Operator operator,
               Duration heartbeatEvery) {
        this(store, clock, ticker, screen, operator, heartbeatEvery, Notices.NONE);
    }

    RunSession(RunStore store, Clock clock, Ticker ticker, Screen screen, Operator operator,
               Duration heartbeatEvery, Notices notices) {
        this.notices = notices;
        this.heartbeatEvery = heartbeatEvery;
        this.store = store;
        this.clock = clock;
        this.ticker = ticker;
        this.screen = screen;
        this.operator = operator;
    }

    /** Where {@code stepwise rehearse} wants the engine to stop for its SIGKILL (null: nowhere). */
    RunSession hold(io.stepwise.run.Hold where) {
        this.hold = where;
        return this;
    }

    /**
     * The run's connections, every host's login started at once ({@link #openAll}): the engine calls this as soon as
     * the plan is known, so the logins overlap with the store's open and the recording of the start.
     */
    static Connector connect(Plan plan, Secrets secrets) {
        Connector connector = Connectors.forInventory(plan.inventory(), secrets::resolve,
                new SshAuth(secrets.agentSocket(), secrets::sshPassphrase));
        openAll(connector, plan);
        return connector;
    }

    /** As {@link #execute(Plan, Ledger, Lease, Runner.Options, Connector)} on connections of its own. */
    Runner.Result execute(Plan plan, Ledger ledger, Secrets secrets, Lease lease, Runner.Options options)
            throws StoreException, RunException {
        try (Connector connector = connect(plan, secrets)) {
            return execute(plan, ledger, lease, options, connector);
        }
    }

    /** Drives the run on {@code connector}'s connections (the caller closes them). */
    Runner.Result execute(Plan plan, Ledger ledger, Lease lease, Runner.Options options, Connector connector)
            throws StoreException, RunException {
        String runId = ledger.runId();
        AtomicBoolean done = new AtomicBoolean();
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stepwise-heartbeat");
            t.setDaemon(true);
            return t;
        });
        try {
            Runner runner = new Runner(plan, store, ledger, connector, operator, screen, clock, ticker, notices);
            runner.hold(hold);
            long every = heartbeatEvery.toMillis();
            beat.scheduleAtFixedRate(() -> {
                try {
                    store.heartbeat(lease);
                } catch (LockedException e) {
                    runner.leaseLost("this engine lost the run's lease: " + e.getMessage());
                } catch (StoreException | RuntimeException e) {
                    screen.line("warning: heartbeat failed: " + e.getMessage());
                }
            }, every, every, TimeUnit.MILLISECONDS);
            Thread hook = new Thread(() -> {
                if (!done.get()) {
                    // answer at once, whatever the store and the hosts do next
                    screen.line("");
                    screen.line("stepwise: stopping (Ctrl-C): stopping the commands under way, then recording"
                            + " the interruption ...");
                    Thread work = new Thread(() -> interrupted(plan, ledger, lease, runId, connector),
                            "stepwise-interrupt-record");
                    work.setDaemon(true);
                    work.start();
                    try {
                        work.join(HOOK_LIMIT.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (work.isAlive()) {
                        screen.line("stepwise: the run store did not answer within " + HOOK_LIMIT.toSeconds()
                                + "s, so the interruption is not recorded; status shows run " + runId
                                + " interrupted once its engine is gone, and stepwise resume " + runId
                                + " treats the step that was running as in doubt");
                    }
                }
            }, "stepwise-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (!ledger.justStarted()) { // a new run's first write moved it to RUNNING already
                    ledger.runState(RunState.RUNNING, null, null, null, null);
                }
                screen.line("run " + runId + ": " + plan.procedure().name() + " on " + plan.inventory().cluster()
                        + " (" + plan.steps().size() + (plan.steps().size() == 1 ? " step)" : " steps)"));
                try {
                    RoleChecks.verify(plan, ledger, store, runner.actions(), screen);
                } catch (RunException e) {
                    ledger.runState(RunState.PAUSED, null, null, null, null);
                    freeClusterWithoutEffects(plan, ledger, runId);
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Runner.Result(Outcome.INTERRUPTED, "interrupted");
                }
                Runner.Result result = runner.run(options);
                if (result.outcome() != Outcome.FINISHED && !ledger.closed()) {
                    freeClusterWithoutEffects(plan, ledger, runId);
                }
                if (result.outcome() != Outcome.INTERRUPTED) {
                    screen.line("");
                    screen.line(Summary.table(Summary.rows(ledger.events(), Summary.layout(plan.steps())))
                            .stripTrailing());
                }
                return result;
            } finally {
                done.set(true);
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running
                }
            }
        } finally {
            beat.shutdownNow();
            if (!ledger.closed()) {
                releaseQuietly(lease);
            }
        }
    }

    /** How many hosts {@link #openAll} logs in to at once (sshd's MaxStartups drops unauthenticated logins past 10). */
    static final int OPENING = 4;

    /**
     * Opens the connection of every host the run reaches, {@link #OPENING} at a time on threads of their own, while
     * the engine opens the store, records the start and runs the role checks: the logins (key exchange, authentication) overlap
     * instead of each waiting for the first step on its host. A failure is reported by that host's first use.
     */
    private static void openAll(Connector connector, Plan plan) {
        // by name: a Host is a record, and its first hashCode (and its settings' records') costs 40-60 ms of
        // method-handle set-up on a cold JVM, on the way to the first step
        java.util.Map<String, io.stepwise.model.Host> hosts = new java.util.LinkedHashMap<>();
        // where a role check or a step runs SQL (or asks about replication) on the default database, that database
        // connection is opened with the login, as the first such statement would open it
        java.util.Set<String> sql = new java.util.HashSet<>();
        uses(plan, (h, action) -> {
            hosts.putIfAbsent(h.name(), h);
            if (action instanceof io.stepwise.model.Action.Sql q && q.database() == null
                    || action instanceof io.stepwise.model.Action.Replication) {
                sql.add(h.name());
            }
        });
        if (!sql.isEmpty()) {
            io.stepwise.transport.sql.JdbcSqlClient.warmUp();
        }
        java.util.concurrent.ConcurrentLinkedQueue<io.stepwise.model.Host> todo = new java.util.concurrent.ConcurrentLinkedQueue<>();
        hosts.values().stream().filter(h -> h.connection() == null || h.connection() == io.stepwise.model.Host.Connection.SSH)
                .forEach(todo::add);
        for (int i = 0; i < Math.min(OPENING, todo.size()); i++) {
            Thread t = new Thread(() -> {
                for (io.stepwise.model.Host h; (h = todo.poll()) != null; ) {
                    try {
                        connector.connect(h).open();
                        if (sql.contains(h.name())) {
                            connector.connect(h).sql(plan.inventory().defaultDatabase(h)).open();
                        }
                    } catch (io.stepwise.transport.TransportException | RuntimeException e) {
                        // the first use of the host reports it
                    }
                }
            }, "stepwise-open");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Each host the run reaches with what it runs there: the role checks (on every host of the role), then the steps. */
    private static void uses(Plan plan, java.util.function.BiConsumer<io.stepwise.model.Host, io.stepwise.model.Action> use) {
        plan.procedure().roles().values().stream().filter(r -> r.checks() != null)
                .forEach(r -> plan.inventory().hostsWithRole(r.name())
                        .forEach(h -> r.checks().forEach(c -> use.accept(h, c.action()))));
        plan.steps().forEach(s -> s.hosts().forEach(h -> use.accept(h, s.step().action())));
    }

    /**
     * Ctrl-C: the ledger is closed to the runner first, then the commands under way are stopped on their hosts;
     * a step whose stop was confirmed is recorded interrupted, one whose host did not answer in doubt with its
     * command's process group; then the lease is freed and the operator told, per step, what resume will do.
     */
    private void interrupted(Plan plan, Ledger ledger, Lease lease, String runId, Connector connector) {
        Set<StepKey> running = ledger.close();
        List<Stopped> stops = connector.stopAll(REMOTE_STOP);
        java.util.concurrent.CountDownLatch recorded = new java.util.concurrent.CountDownLatch(1);
        Thread patience = new Thread(() -> {
            try {
                if (!recorded.await(STORE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    screen.line("stepwise: waiting for the run store to record the interruption (another process"
                            + " may hold its write lock) ...");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stepwise-interrupt-patience");
        patience.setDaemon(true);
        patience.start();
        List<String> lines;
        try {
            lines = Interruption.record(plan, ledger, running, stops);
        } finally {
            recorded.countDown();
        }
        try {
            store.release(lease);
        } catch (StoreException | RuntimeException e) {
            // the run stays RUNNING in the store; resume treats it the same way
        }
        screen.line("stepwise: interrupted" + (running.isEmpty() ? "" : " during " + running)
                + "; the run is resumable: stepwise resume " + runId);
        lines.forEach(screen::line);
        screen.line("");
        screen.line(Summary.table(Summary.rows(ledger.events(), Summary.layout(plan.steps()))).stripTrailing());
    }

    /** An unfinished run that started no step with effects does not hold its cluster ({@link Effects}). */
    private void freeClusterWithoutEffects(Plan plan, Ledger ledger, String runId) throws StoreException {
        if (Effects.readOnly(plan) || Effects.started(plan, ledger.events())) {
            return;
        }
        store.releaseCluster(runId);
        screen.line("no step with effects started, so this run does not hold cluster " + plan.inventory().cluster()
                + ": resume it (stepwise resume " + runId + "), or a new run of the cluster supersedes it");
    }

    private void releaseQuietly(Lease lease) {
        try {
            store.release(lease);
        } catch (StoreException | RuntimeException e) {
            // the lease expires; a dead pid on this machine is taken over at once
        }
    }
}
