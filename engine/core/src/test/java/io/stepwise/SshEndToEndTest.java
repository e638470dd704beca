package io.stepwise;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.testing.Await;
import io.stepwise.testing.MariaDb;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.view.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whole runs through the engine over SSH: a private sshd, a private MariaDB behind the tunnel, a SQLite store. */
class SshEndToEndTest {
    @PrivateServer private static Sshd sshd;
    @PrivateServer private static MariaDb db;
    private final StringWriter screen = new StringWriter();

    @BeforeAll
    static void start() {
        db.sql("CREATE DATABASE xopdb", "CREATE TABLE xopdb.system_parms (name VARCHAR(40) PRIMARY KEY, value TEXT)",
                "INSERT INTO xopdb.system_parms VALUES ('hostname', 'xop-a')");
    }

    @Test
    void shellSqlWaitAndCopyStepsRunOverSshAndTheTunnel() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("e2e-1"));
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(data);
        Files.write(dir.resolve("dump.sql"), data);
        Path proc = Files.writeString(dir.resolve("proc.yaml"), """
                procedure: ssh-e2e
                title: SSH end to end
                roles: {primary: Serves the dump, secondary: Receives it}
                steps:
                  - id: uname
                    on: primary
                    run: echo "kernel=$(uname -s)"
                    capture: {kernel: "kernel=(\\\\w+)"}
                  - id: hostname-setting
                    on: secondary
                    sql: SELECT value FROM system_parms WHERE name = {{name}}
                    capture: {configured: value}
                  - id: row-present
                    on: secondary
                    wait: {sql: "SELECT COUNT(*) AS n FROM system_parms", until: {row: {n: "1"}}, interval: 1s, timeout: 30s}
                  - id: ship-dump
                    on: primary
                    copy: {from: "primary:%1$s/dump.sql", to: "secondary:%1$s/copied.sql", mode: "0600"}
                  - id: report
                    on: secondary
                    run: echo "{{kernel}} {{configured}}" > %1$s/report.txt
                params:
                  name: {default: hostname}
                """.formatted(dir));
        Path inv = inventory(dir, "xop-a", "primary", "xop-b", "secondary");
        RunResult r = start(proc, inv, "e2e-1");
        assertThat(r.outcome()).as(r.message() + "\n" + screen).isEqualTo(RunResult.Outcome.FINISHED);
        assertThat(Files.readAllBytes(dir.resolve("copied.sql"))).isEqualTo(data);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("copied.sql")))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("report.txt"))).isEqualTo("Linux xop-a\n");
    }

    @Test
    void twelveHostsInParallelOnOneSshdWithOneFailing() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("e2e-2"));
        Path proc = Files.writeString(dir.resolve("proc.yaml"), """
                procedure: ssh-parallel
                title: Twelve members at once
                roles: {member: {description: Cluster members, count: any}}
                steps:
                  - id: check
                    on: member
                    parallel: 12
                    run: sleep 2; test {{host.name}} != m07
                """);
        StringBuilder hosts = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            hosts.append(String.format("  - {name: m%02d, address: 127.0.0.1, roles: [member]}%n", i));
        }
        Path inv = Files.writeString(dir.resolve("inv.yaml"), "cluster: twelve\nhosts:\n" + hosts + ssh(dir));
        long t0 = System.nanoTime();
        RunResult r = start(proc, inv, "e2e-2");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertThat(r.outcome()).as(screen.toString()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(seconds).as("ran at once: one after another takes 24 s").isLessThan(20);
        try (Engine e = engine(dir)) {
            List<Summary.Row> rows = e.steps("e2e-2");
            assertThat(rows).hasSize(12);
            assertThat(rows.stream().filter(x -> x.state() == StepState.FAILED).map(Summary.Row::host))
                    .containsExactly("m07");
            assertThat(rows.stream().filter(x -> x.state() == StepState.SUCCEEDED)).hasSize(11);
        }
    }

    @Test
    void aConnectionDroppedMidStepLeavesItInDoubtAndResumeFinishesTheRun() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("e2e-3"));
        Path started = dir.resolve("started");
        Path proc = Files.writeString(dir.resolve("proc.yaml"), """
                procedure: ssh-drop
                title: Dropped connection
                roles: {primary: The host}
                steps:
                  - id: long-step
                    on: primary
                    run: touch %1$s/started; sleep 20
                  - id: after
                    on: primary
                    run: touch %1$s/after
                """.formatted(dir));
        Path inv = inventory(dir, "xop-a", "primary", null, null);
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return start(proc, inv, "e2e-3");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Await.until("the long step to start", Duration.ofSeconds(30), () -> Files.exists(started), screen::toString);
        assertThat(started).exists();
        sshd.killConnections();
        RunResult r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.outcome()).as(r.message() + "\n" + screen).isEqualTo(RunResult.Outcome.PAUSED);
        assertThat(dir.resolve("after")).doesNotExist();
        try (Engine e = engine(dir)) {
            assertThat(e.steps("e2e-3").get(0).state()).isEqualTo(StepState.IN_DOUBT);
            RunResult resumed = e.resume("e2e-3", Set.of(), Set.of("long-step"), false);
            assertThat(resumed.outcome()).as(resumed.message() + "\n" + screen).isEqualTo(RunResult.Outcome.FINISHED);
        }
        assertThat(dir.resolve("after")).exists();
    }

    @Test
    void aHundredMegabyteCopyCutByADroppedConnectionIsInDoubtAndResumeCopiesItIntact() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("e2e-5"));
        Path source = dir.resolve("big.bin");
        byte[] block = new byte[1024 * 1024];
        Random random = new Random(11);
        try (var out = Files.newOutputStream(source)) {
            for (int i = 0; i < 100; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        Path target = dir.resolve("copy.bin");
        Path proc = Files.writeString(dir.resolve("proc.yaml"), """
                procedure: ssh-copy
                title: Big copy
                roles: {primary: Source, secondary: Target}
                steps:
                  - id: ship
                    on: primary
                    copy: {from: "primary:%s", to: "secondary:%s"}
                """.formatted(source, target));
        Path inv = inventory(dir, "xop-a", "primary", "xop-b", "secondary");
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return start(proc, inv, "e2e-5");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        // the copy is written to PATH.stepwise-part and renamed into place once both hashes agree
        Path part = dir.resolve("copy.bin.stepwise-part");
        Await.until("10 MiB of the copy to arrive (or the run to end)", Duration.ofSeconds(60),
                () -> Files.exists(part) && Files.size(part) >= 10L * 1024 * 1024 || run.isDone(), screen::toString);
        sshd.killConnections();
        RunResult r = run.get(60, TimeUnit.SECONDS);
        assertThat(r.outcome()).as(r.message() + "\n" + screen).isEqualTo(RunResult.Outcome.PAUSED);
        assertThat(target).doesNotExist();
        long kept = Files.size(part);
        assertThat(kept).isLessThan(Files.size(source));
        try (Engine e = engine(dir)) {
            assertThat(e.steps("e2e-5").get(0).state()).isEqualTo(StepState.IN_DOUBT);
            RunResult resumed = e.resume("e2e-5", Set.of(), Set.of(), false);
            assertThat(resumed.outcome()).as(resumed.message() + "\n" + screen).isEqualTo(RunResult.Outcome.FINISHED);
        }
        assertThat(screen.toString()).contains("resuming at byte ").contains("sha256");
        assertThat(part).doesNotExist();
        assertThat(Files.mismatch(source, target)).isEqualTo(-1L);
    }

    @Test
    void aRebootStepWaitsForTheHostToComeBackAndTheRunContinues() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("e2e-6"));
        Path requested = dir.resolve("reboot-requested");
        Path proc = Files.writeString(dir.resolve("proc.yaml"), """
                procedure: ssh-reboot
                title: Reboot
                roles: {primary: The host}
                steps:
                  - {id: before, on: primary, run: touch %1$s/before}
                  - {id: restart, on: primary, reboot: {timeout: 60s}}
                  - {id: after, on: primary, run: touch %1$s/after}
                """.formatted(dir));
        Path inv = inventory(dir, "xop-a", "primary", null, null);
        System.setProperty("stepwise.test.reboot-command", "touch " + requested);
        CompletableFuture<Void> host = CompletableFuture.runAsync(() -> {
            try {
                Await.until("the engine to ask for the reboot", Duration.ofSeconds(30), () -> Files.exists(requested),
                        () -> "");
                sshd.stopServer();
                Thread.sleep(1000);
                sshd.startServer();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            RunResult r = start(proc, inv, "e2e-6");
            assertThat(r.outcome()).as(r.message() + "\n" + screen).isEqualTo(RunResult.Outcome.FINISHED);
        } finally {
            System.clearProperty("stepwise.test.reboot-command");
            host.get(30, TimeUnit.SECONDS);
        }
        assertThat(requested).exists();
        assertThat(dir.resolve("after")).exists();
        assertThat(screen.toString()).contains("back up");
    }

    @Test
    void anUnknownHostKeyFailsTheFirstStepWithTheFingerprint() throws Exception {
        Path dir = Files.createDirectories(sshd.dir().resolve("e2e-4"));
        Path proc = Files.writeString(dir.resolve("proc.yaml"), """
                procedure: ssh-unknown
                title: Unknown host
                roles: {primary: The host}
                steps:
                  - {id: one, on: primary, run: touch %s/ran}
                """.formatted(dir));
        Path inv = Files.writeString(dir.resolve("inv.yaml"), "cluster: unknown\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + ssh(dir).replace(sshd.knownHosts().toString(), dir.resolve("empty_known_hosts").toString()));
        RunResult r = start(proc, inv, "e2e-4");
        assertThat(r.outcome()).as("S6: a host key refusal stops the run as REFUSED").isEqualTo(RunResult.Outcome.REFUSED);
        assertThat(screen.toString() + r.message()).contains("unknown host key for xop-a").contains("SHA256:")
                .contains("stepwise trust -i " + inv);
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    private RunResult start(Path proc, Path inv, String id) throws Exception {
        try (Engine e = engine(proc.getParent())) {
            return e.start(proc, inv, Map.of(), id);
        }
    }

    private Engine engine(Path dir) throws Exception {
        Engine.Settings s = new Engine.Settings(Map.of(), new PrintWriter(screen, true), Clock.systemUTC(),
                Ticker.SYSTEM, true, "tester");
        return Engine.open(dir.resolve("runs.db").toString(), s);
    }

    private static Path inventory(Path dir, String a, String roleA, String b, String roleB) throws Exception {
        String hosts = "  - {name: " + a + ", address: 127.0.0.1, roles: [" + roleA + "]}\n"
                + (b == null ? "" : "  - {name: " + b + ", address: 127.0.0.1, roles: [" + roleB + "]}\n");
        return Files.writeString(dir.resolve("inv.yaml"), "cluster: lab\nhosts:\n" + hosts + ssh(dir)
                + "mysql: {user: root, port: " + db.port() + ", database: xopdb}\n");
    }

    private static String ssh(Path dir) {
        return "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                + ", known_hosts: " + sshd.knownHosts() + ", use_config: false, connect_timeout: 10s}\n";
    }
}
