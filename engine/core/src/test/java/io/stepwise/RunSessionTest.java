package io.stepwise;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.load.InventoryLoader;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Inventory;
import io.stepwise.model.Plan;
import io.stepwise.model.Ticker;
import io.stepwise.plan.Planner;
import io.stepwise.run.Ledger;
import io.stepwise.run.Outcome;
import io.stepwise.run.Runner;
import io.stepwise.run.Secrets;
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
import io.stepwise.view.Operator;
import io.stepwise.view.Screen;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine that loses its lease (another engine took the run over) stops before the next step. */
class RunSessionTest {
    @TempDir
    Path dir;

    @Test
    void losingTheLeaseStopsTheRunBeforeTheNextStep() throws Exception {
        Path out = dir.resolve("out.txt");
        Path proc = Files.writeString(dir.resolve("p.yaml"), "procedure: p\ntitle: P\nroles:\n  box: here\nsteps:\n"
                + "  - id: slow\n    on: box\n    run: sleep 1\n"
                + "  - id: next\n    on: box\n    run: echo next >> " + out + "\n");
        Path invFile = Files.writeString(dir.resolve("i.yaml"),
                "cluster: lab\nhosts:\n  - {name: here, roles: [box], connection: local}\n");
        Inventory inv = InventoryLoader.load(invFile);
        Plan plan = Planner.plan(ProcedureLoader.read(proc, inv).orThrow(), inv, Map.of());
        Clock clock = Clock.systemUTC();
        try (RunStore real = RunStores.open(dir.resolve("runs.db").toString(), clock)) {
            RunStore store = new TakenOver(real);
            Holder me = RunStores.thisProcess("tester", clock);
            Lease lease = store.acquire("r1", "lab", me, Duration.ofSeconds(30));
            store.createRun(new RunInfo("r1", "p", "lab", proc.toString(), invFile.toString(), "tester",
                    clock.instant(), Map.of(), "", "", Map.of()));
            StringWriter screenText = new StringWriter();
            Screen screen = new Screen(new PrintWriter(screenText, true), Map.of());
            Ledger ledger = Ledger.load(store, "r1", clock, Map.of());
            Runner.Result r = new RunSession(store, clock, Ticker.SYSTEM, screen, Operator.none("tester"),
                    Duration.ofMillis(100)).execute(plan, ledger, new Secrets(k -> null), lease, Runner.Options.NONE);
            assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(r.message()).contains("lost the run's lease", "taken over by someone@elsewhere");
            assertThat(Files.exists(out)).as("the next step did not run").isFalse();
        }
    }

    /** The real store, except that every heartbeat finds the lease taken over. */
    private record TakenOver(RunStore real) implements RunStore {
        @Override
        public void heartbeat(Lease lease) throws LockedException {
            throw new LockedException("run r1 was taken over by someone@elsewhere", null);
        }

        @Override
        public void createRun(RunInfo run) throws StoreException {
            real.createRun(run);
        }

        @Override
        public Optional<RunInfo> run(String runId) throws StoreException {
            return real.run(runId);
        }

        @Override
        public List<RunSummary> runs() throws StoreException {
            return real.runs();
        }

        @Override
        public long append(String runId, RunEvent event) throws StoreException {
            return real.append(runId, event);
        }

        @Override
        public List<RunEvent> events(String runId) throws StoreException {
            return real.events(runId);
        }

        @Override
        public long appendIfStepUnchanged(String runId, RunEvent event, long seen) throws StoreException {
            return real.appendIfStepUnchanged(runId, event, seen);
        }

        @Override
        public void appendOutput(String runId, String stepId, String host, int attempt, String stream, String text)
                throws StoreException {
            real.appendOutput(runId, stepId, host, attempt, stream, text);
        }

        @Override
        public String output(String runId, String stepId, String host) throws StoreException {
            return real.output(runId, stepId, host);
        }

        @Override
        public java.util.Map<String, java.util.Map<String, String>> outputs(String runId) throws StoreException {
            return real.outputs(runId);
        }

        @Override
        public Lease acquire(String runId, String cluster, Holder holder, Duration ttl)
                throws LockedException, StoreException {
            return real.acquire(runId, cluster, holder, ttl);
        }

        @Override
        public void release(Lease lease) throws StoreException {
            real.release(lease);
        }

        @Override
        public void close() {
        }
    }
}
