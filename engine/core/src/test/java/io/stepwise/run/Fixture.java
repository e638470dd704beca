package io.stepwise.run;

import io.stepwise.model.Ticker;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunStore;
import io.stepwise.testing.FakeClock;
import io.stepwise.testing.TempStore;
import io.stepwise.view.Operator;

import io.stepwise.view.Screen;

import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Mark;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.Plan;
import io.stepwise.model.PlannedStep;
import io.stepwise.model.Procedure;
import io.stepwise.model.RoleSpec;
import io.stepwise.model.SshSettings;
import io.stepwise.model.Step;
import io.stepwise.store.RunInfo;
import io.stepwise.transport.Connector;
import io.stepwise.transport.local.LocalConnector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan on local hosts, a real SQLite store in a fresh file and a fake clock, for runner unit tests. */
final class Fixture {
    final FakeClock time = new FakeClock();
    final java.nio.file.Path storeFile = TempStore.newFile();
    final RunStore store = TempStore.open(storeFile, time);
    final StringWriter screenText = new StringWriter();
    final Map<String, String> secrets = new LinkedHashMap<>();
    final Map<String, String> params = new LinkedHashMap<>();
    final List<Host> hosts = new ArrayList<>();
    Operator operator = Operator.none("tester");
    Ticker ticker = time;
    java.time.Clock clock = time;

    Fixture hosts(String role, String... names) {
        for (String n : names) {
            hosts.add(new Host(n, null, List.of(role), Host.Connection.LOCAL, SshSettings.EMPTY, MysqlSettings.EMPTY,
                    Map.of("nick", n + "-nick"), Mark.NONE));
        }
        return this;
    }

    /** A local host whose database is the private MariaDB on {@code port} (root, no password). */
    Fixture dbHost(String role, String name, int port) {
        hosts.add(new Host(name, null, List.of(role), Host.Connection.LOCAL, SshSettings.EMPTY,
                new MysqlSettings("root", null, "127.0.0.1", port, "app", true), Map.of(), Mark.NONE));
        return this;
    }

    Plan plan(Step... steps) {
        if (hosts.isEmpty()) {
            hosts("db", "h1");
        }
        Map<String, RoleSpec> roles = new LinkedHashMap<>();
        for (Host h : hosts) {
            for (String r : h.roles()) {
                roles.putIfAbsent(r, new RoleSpec(r, r, 0, List.of(), Mark.NONE));
            }
        }
        Procedure proc = new Procedure("test", "Test", null, roles, Map.of(), List.of(steps), "test.yaml", "");
        Inventory inv = new Inventory("c1", hosts, SshSettings.EMPTY, MysqlSettings.EMPTY, Map.of("site", "lab"),
                "inv.yaml", "");
        List<PlannedStep> planned = new ArrayList<>();
        for (Step s : steps) {
            planned.add(new PlannedStep(s, inv.hostsWithRole(s.on()), "fp-" + s.id()));
        }
        return new Plan(proc, inv, params, planned);
    }

    Runner.Result run(Plan plan) throws Exception {
        return run(plan, Runner.Options.NONE);
    }

    /** Records run r1 unless it is there: the store, like the engine's, refuses events of an unknown run. */
    void ensureRun() throws Exception {
        if (store.run("r1").isEmpty()) {
            store.createRun(new RunInfo("r1", "test", "c1", "test.yaml", "inv.yaml", "tester", time.instant(),
                    Map.of(), "", "", Map.of()));
        }
    }

    Runner.Result run(Plan plan, Runner.Options options) throws Exception {
        ensureRun();
        Screen screen = new Screen(new PrintWriter(screenText, true), secrets);
        Ledger ledger = Ledger.load(store, "r1", clock, secrets);
        try (Connector c = new LocalConnector(null, ref -> null)) {
            return new Runner(plan, store, ledger, c, operator, screen, clock, ticker).run(options);
        }
    }

    /** The run's events as stored. */
    List<RunEvent> events() throws Exception {
        return store.events("r1");
    }

    Ledger ledger() throws Exception {
        ensureRun();
        return Ledger.load(store, "r1", clock, secrets);
    }

    io.stepwise.model.StepState state(String step, String host) throws Exception {
        return ledger().state(new StepKey(step, host));
    }
}
