package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.Ticker;
import io.stepwise.testing.Await;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.OutputListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Commands over a real sshd: exit codes, signals, streaming, timeouts, dropped connections, parallelism. */
class SshExecTest {
    private static OneHostSsh ssh;
    private static Sshd sshd;
    private static SshConnection conn;

    @BeforeAll
    static void start() throws Exception {
        ssh = OneHostSsh.start();
        sshd = ssh.sshd();
        conn = ssh.conn();
    }

    @AfterAll
    static void stop() {
        if (ssh != null) {
            ssh.close();
        }
    }

    @Test
    void reportsExitCodesAndSeparatesStdoutFromStderr() throws Exception {
        Captured c = new Captured();
        ExecResult r = conn.exec("echo out-line; echo err-line >&2; exit 3", Duration.ofSeconds(30), c);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.exitSignal()).isNull();
        assertThat(r.timedOut()).isFalse();
        assertThat(c.out()).isEqualTo("out-line\n");
        assertThat(c.err()).isEqualTo("err-line\n");
        assertThat(conn.exec("true", null, OutputListener.NONE).exitCode()).isZero();
    }

    @Test
    void reusesOneSessionForEveryCommand() throws Exception {
        conn.exec("true", null, OutputListener.NONE);
        var session = conn.currentSession();
        for (int i = 0; i < 20; i++) {
            Captured c = new Captured();
            assertThat(conn.exec("echo step-" + i, null, c).exitCode()).isZero();
            assertThat(c.out()).isEqualTo("step-" + i + "\n");
        }
        assertThat(conn.currentSession()).isSameAs(session);
    }

    @Test
    void everyExitStatusArrivesEvenForInstantCommandsInParallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                int n = i;
                codes.add(pool.submit(() -> conn.exec("exit " + (n % 7), Duration.ofSeconds(30), OutputListener.NONE)
                        .exitCode()));
            }
            for (int i = 0; i < codes.size(); i++) {
                assertThat(codes.get(i).get(1, TimeUnit.MINUTES)).as("command " + i).isEqualTo(i % 7);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsTheSignalThatKilledTheCommand() throws Exception {
        ExecResult r = conn.exec("sh -c 'kill -KILL $$'", Duration.ofSeconds(30), OutputListener.NONE);
        assertThat(r.exitSignal()).isEqualTo("KILL");
        assertThat(r.exitCode()).isEqualTo(137);
    }

    @Test
    void streamsTenMegabytesWithoutHoldingThem() throws Exception {
        AtomicLong chars = new AtomicLong();
        AtomicLong biggestChunk = new AtomicLong();
        AtomicLong chunks = new AtomicLong();
        OutputListener counting = new OutputListener() {
            @Override
            public void stdout(String chunk) {
                chars.addAndGet(chunk.length());
                chunks.incrementAndGet();
                biggestChunk.accumulateAndGet(chunk.length(), Math::max);
            }

            @Override
            public void stderr(String chunk) {
            }
        };
        ExecResult r = conn.exec("head -c 10485760 /dev/zero | tr '\\0' x", Duration.ofMinutes(2), counting);
        assertThat(r.exitCode()).isZero();
        assertThat(chars.get()).isEqualTo(10L * 1024 * 1024);
        assertThat(chunks.get()).as("delivered in many pieces as it arrived").isGreaterThan(100);
        assertThat(biggestChunk.get()).as("no chunk near the whole output").isLessThan(1024 * 1024);
    }

    @Test
    void timeoutStopsTheWholeProcessGroupOnTheHost() throws Exception {
        String marker = "stepwise-timeout-" + UUID.randomUUID();
        Captured c = new Captured();
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return conn.exec("sleep 600 & echo child=$!; sh -c 'echo grand=$$; sleep 601; :' " + marker,
                        Duration.ofSeconds(3), c);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Await.until("both commands to report their pids", Duration.ofSeconds(10), () -> pids(c.out()).size() >= 2,
                c::out);
        assertThat(pgrep(marker)).as("the marker is seen while the command runs").isNotEmpty();
        ExecResult r = running.get(30, TimeUnit.SECONDS);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.exitSignal()).isEqualTo("TERM");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
        List<Long> pids = pids(c.out());
        assertThat(pids).hasSize(2);
        awaitGone(pids, marker);
    }

    @Test
    void timeoutEscalatesToKillWhenTermIsIgnored() throws Exception {
        String marker = "stepwise-stubborn-" + UUID.randomUUID();
        Captured c = new Captured();
        ExecResult r = conn.exec("trap '' TERM; sh -c 'trap \"\" TERM; echo child=$$; while :; do sleep 1; done' "
                + marker, Duration.ofSeconds(1), c);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitSignal()).isEqualTo("KILL");
        awaitGone(pids(c.out()), marker);
    }

    @Test
    void aDroppedConnectionDuringACommandIsConnectionLostThenTheNextCommandReconnects() throws Exception {
        try (SshConnector own = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection c = own.connect(SshHosts.host("xop-b", sshd));
            CompletableFuture<String> started = new CompletableFuture<>();
            Future<ExecResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.exec("echo started; sleep 30", Duration.ofMinutes(1), new OutputListener() {
                        @Override
                        public void stdout(String chunk) {
                            started.complete(chunk);
                        }

                        @Override
                        public void stderr(String chunk) {
                        }
                    });
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            started.get(20, TimeUnit.SECONDS);
            sshd.killConnections();
            assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("xop-b")
                    .hasMessageContaining("dropped");
            Captured after = new Captured();
            assertThat(c.exec("echo again", Duration.ofSeconds(30), after).exitCode()).isZero();
            assertThat(after.out()).isEqualTo("again\n");
        }
    }

    @Test
    void keepaliveNoticesAHostThatStoppedAnsweringAndReportsTheStepInDoubt() throws Exception {
        var settings = new io.stepwise.model.SshSettings(sshd.user(), sshd.port(), sshd.clientKey().toString(),
                sshd.knownHosts().toString(), Duration.ofSeconds(5), Duration.ofSeconds(1), false);
        try (SshConnector own = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection c = own.connect(SshHosts.host("xop-c", settings, io.stepwise.model.MysqlSettings.EMPTY));
            CompletableFuture<String> started = new CompletableFuture<>();
            long t0 = System.nanoTime();
            Future<ExecResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.exec("echo started; sleep 60", Duration.ofMinutes(2), new OutputListener() {
                        @Override
                        public void stdout(String chunk) {
                            started.complete(chunk);
                        }

                        @Override
                        public void stderr(String chunk) {
                        }
                    });
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            started.get(20, TimeUnit.SECONDS);
            sshd.freezeConnections();
            try {
                assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ConnectionLostException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("noticed by keepalive, not the 2 min timeout")
                        .isLessThan(Duration.ofSeconds(20));
            } finally {
                sshd.killConnections();
            }
        }
    }

    @Test
    void aClosedConnectorOpensNoNewConnection() throws Exception {
        // the run's logins start before its start is checked; a refused start closes the connector while a login
        // thread may still ask it for its next host
        SshConnector own = new SshConnector(null, Ticker.SYSTEM);
        own.connect(SshHosts.host("xop-y", sshd)).open();
        own.close();
        assertThatThrownBy(() -> own.connect(SshHosts.host("xop-z", sshd)))
                .isInstanceOf(io.stepwise.transport.TransportException.class)
                .hasMessage("xop-z: this run's connections are closed");
    }

    @Test
    void aConnectionDroppedBetweenCommandsIsReopenedForTheNextOne() throws Exception {
        try (SshConnector own = new SshConnector(null, Ticker.SYSTEM)) {
            SshConnection c = own.connect(SshHosts.host("xop-d", sshd));
            for (int i = 0; i < 5; i++) {
                assertThat(c.exec("true", Duration.ofSeconds(20), OutputListener.NONE).exitCode()).isZero();
                sshd.killConnections();
                Captured out = new Captured();
                assertThat(c.exec("echo next-" + i, Duration.ofSeconds(20), out).exitCode()).isZero();
                assertThat(out.out()).isEqualTo("next-" + i + "\n");
            }
        }
    }

    @Test
    void runsMoreParallelCommandsThanSshdAllowsSessionsWithoutRefusal() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Captured c = new Captured();
                    ExecResult r = conn.exec("sleep 0.3; echo n-" + n, Duration.ofMinutes(1), c);
                    return r.exitCode() + ":" + c.out().trim();
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(2, TimeUnit.MINUTES)).isEqualTo("0:n-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aListenerThatThrowsFailsTheCommandButNotTheSession() throws Exception {
        OutputListener broken = new OutputListener() {
            @Override
            public void stdout(String chunk) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void stderr(String chunk) {
            }
        };
        var session = conn.session();
        assertThatThrownBy(() -> conn.exec("seq 1 1000", Duration.ofSeconds(20), broken))
                .hasMessageContaining("listener bug");
        assertThat(conn.currentSession()).isSameAs(session);
        assertThat(conn.exec("true", Duration.ofSeconds(20), OutputListener.NONE).exitCode()).isZero();
    }

    @Test
    void commandsReadingStdinSeeEndOfFile() throws Exception {
        Captured c = new Captured();
        ExecResult r = conn.exec("cat; echo done", Duration.ofSeconds(20), c);
        assertThat(r.exitCode()).isZero();
        assertThat(c.out()).isEqualTo("done\n");
    }

    private static List<Long> pids(String out) {
        List<Long> pids = new ArrayList<>();
        Matcher m = Pattern.compile("(?:child|grand)=(\\d+)").matcher(out);
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    private static void awaitGone(List<Long> pids, String marker) throws Exception {
        assertThat(pids).isNotEmpty();
        Await.until("the command's processes to be gone", Duration.ofSeconds(10),
                () -> pids.stream().noneMatch(p -> Files.exists(Path.of("/proc/" + p))) && pgrep(marker).isEmpty(),
                () -> "still there: " + pids + " " + pgrep(marker));
        for (long p : pids) {
            assertThat(Path.of("/proc/" + p)).as("process " + p + " left behind").doesNotExist();
        }
        assertThat(pgrep(marker)).as("processes with the marker left behind").isEmpty();
    }

    /** Processes whose command line carries the marker (what {@code pgrep -f} finds), as "pid cmdline". */
    private static String pgrep(String marker) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
