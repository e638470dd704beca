package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Mark;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.Plan;
import io.stepwise.model.SshSettings;
import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.store.RunInfo;
import io.stepwise.testing.Await;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.ssh.SshConnector;
import io.stepwise.view.Screen;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies between two hosts of a real sshd: sizes 0, 1 and 100 MB, compression, a source that changes, a
 * target disk that fills up, a connection killed mid-transfer and resumed from its offset.
 */
class SshCopyTest {
    @TempDir
    Path dir;
    private Sshd sshd;
    private Process writer;

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    static Fixture fixture(Sshd sshd) {
        Fixture f = new Fixture();
        f.clock = Clock.systemUTC();
        f.ticker = Ticker.SYSTEM;
        SshSettings ssh = new SshSettings(sshd.user(), sshd.port(), sshd.clientKey().toString(),
                sshd.knownHosts().toString(), Duration.ofSeconds(5), Duration.ofSeconds(5), false);
        for (String[] h : new String[][] {{"xop-a", "primary"}, {"xop-b", "secondary"}}) {
            f.hosts.add(new Host(h[0], "127.0.0.1", List.of(h[1]), Host.Connection.SSH, ssh, MysqlSettings.EMPTY,
                    Map.of(), Mark.NONE));
        }
        return f;
    }

    static Runner.Result run(Fixture f, Plan plan) throws Exception {
        if (f.store.run("r1").isEmpty()) {
            f.store.createRun(new RunInfo("r1", "test", "c1", "test.yaml", "inv.yaml", "tester", f.clock.instant(),
                    Map.of(), "", "", Map.of()));
        }
        Screen screen = new Screen(new PrintWriter(f.screenText, true), f.secrets);
        Ledger ledger = Ledger.load(f.store, "r1", f.clock, f.secrets);
        try (SshConnector c = new SshConnector(null, f.ticker, "inv.yaml", null)) {
            return new Runner(plan, f.store, ledger, c, f.operator, screen, f.clock, f.ticker).run(Runner.Options.NONE);
        }
    }

    static Action.Copy copy(Path from, Path to, boolean compress) {
        return new Action.Copy("primary", from.toString(), "secondary", to.toString(), null, Action.Via.ENGINE, compress);
    }

    /** Writes {@code bytes} seeded random bytes and returns their SHA-256. */
    static String randomFile(Path p, long bytes) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random random = new Random(bytes);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = bytes; left > 0; left -= block.length) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                md.update(block, 0, n);
                out.write(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void copiesZeroOneAndOneHundredMegabytesKeepingTheModeAndLeavingNoPartFile() throws Exception {
        sshd = Sshd.start();
        Fixture f = fixture(sshd);
        Path empty = Files.createFile(dir.resolve("empty"));
        Path one = Files.writeString(dir.resolve("one"), "x");
        Path big = dir.resolve("big");
        String bigSha = randomFile(big, 100L * 1024 * 1024);
        Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rw-r-----"));
        Plan plan = f.plan(
                StepBuilder.of("empty", copy(empty, dir.resolve("empty.out"), false)).on("secondary").build(),
                StepBuilder.of("one", copy(one, dir.resolve("one.out"), false)).on("secondary").build(),
                StepBuilder.of("big", copy(big, dir.resolve("big.out"), false)).on("secondary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(Files.size(dir.resolve("empty.out"))).isZero();
        assertThat(Files.readString(dir.resolve("one.out"))).isEqualTo("x");
        assertThat(sha(dir.resolve("big.out"))).isEqualTo(bigSha);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("big.out"))))
                .isEqualTo("rw-r-----");
        assertThat(f.screenText.toString()).contains("104857600 bytes", "sha256 " + bigSha + " on both ends");
        try (var files = Files.list(dir)) {
            assertThat(files.map(Path::toString)).noneMatch(n -> n.endsWith(CopyShell.PART));
        }
    }

    @Test
    void aCompressedCopyArrivesIdentical() throws Exception {
        sshd = Sshd.start();
        Fixture f = fixture(sshd);
        Path dump = Files.writeString(dir.resolve("dump.sql"), "INSERT INTO t VALUES (1, 'abc');\n".repeat(100_000));
        Plan plan = f.plan(StepBuilder.of("copy", copy(dump, dir.resolve("dump.out"), true)).on("secondary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(sha(dir.resolve("dump.out"))).isEqualTo(sha(dump));
        assertThat(f.screenText.toString()).containsPattern("(zstd|gzip) on the wire").contains("on both ends");
    }

    @Test
    void aSourceThatChangesDuringTheCopyIsRefusedAndThePartRemoved() throws Exception {
        sshd = Sshd.start();
        Fixture f = fixture(sshd);
        Path src = dir.resolve("growing.log");
        randomFile(src, 4L * 1024 * 1024);
        // a writer appends all the time, as a service still logging to the file would
        writer = new ProcessBuilder("bash", "-c", "while :; do printf 'line\\n' >> \"$1\"; done", "w", src.toString())
                .start();
        Plan plan = f.plan(StepBuilder.of("copy", copy(src, dir.resolve("out.log"), false)).on("secondary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString() + r.message()).contains("changed while it was copied")
                .containsPattern("sha256 [0-9a-f]{64} sent, the file now has [0-9a-f]{64}");
        assertThat(dir.resolve("out.log")).doesNotExist();
        assertThat(dir.resolve("out.log" + CopyShell.PART)).doesNotExist();
    }

    @Test
    void aFullTargetDiskFailsClearlyRemovesThePartAndResumeCopiesOnceThereIsRoom() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        // sshd and its sessions see a 1 MiB tmpfs on `small`, in a mount namespace of their own: it goes away
        // with sshd, and this JVM keeps seeing the plain directory
        requireMountNamespace();
        sshd = Sshd.start(List.of(), List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=1m stepwise-test \"$0\" && exec \"$@\"", small.toString()));
        Fixture f = fixture(sshd);
        Path src = dir.resolve("dump.bin");
        randomFile(src, 3L * 1024 * 1024);
        Path target = small.resolve("dump.bin");
        Plan plan = f.plan(StepBuilder.of("copy", copy(src, target, false)).on("secondary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FAILED);
        assertThat(f.state("copy", "xop-b")).isEqualTo(StepState.FAILED);
        assertThat(r.message() + f.screenText).contains("No space left on device")
                .contains("the partial file was removed").contains("df -h " + small);
        assertThat(listOnHost(f, small)).as("nothing left on the full disk").isEmpty();

        Files.writeString(src, "now it fits\n");
        Runner.Result again = run(f, plan);
        assertThat(again.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(listOnHost(f, small)).isEqualTo("dump.bin");
    }

    @Test
    void aConnectionKilledMidTransferIsInDoubtAndResumeContinuesFromTheOffset() throws Exception {
        sshd = Sshd.start();
        Fixture f = fixture(sshd);
        Path src = dir.resolve("big");
        String want = randomFile(src, 100L * 1024 * 1024);
        Path target = dir.resolve("big.out");
        Path part = dir.resolve("big.out" + CopyShell.PART);
        Plan plan = f.plan(StepBuilder.of("copy", copy(src, target, false)).on("secondary").build());
        CompletableFuture<Runner.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run(f, plan);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Await.until("a first MiB to arrive (or the copy to end)", Duration.ofSeconds(60),
                () -> Files.exists(part) && Files.size(part) >= 1 << 20 || running.isDone(), () -> "");
        sshd.killConnections();
        Runner.Result r = running.get(60, TimeUnit.SECONDS);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.PAUSED);
        assertThat(f.state("copy", "xop-b")).isEqualTo(StepState.IN_DOUBT);
        assertThat(r.message()).contains("settled by its checksums");
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThan(100L * 1024 * 1024);

        Runner.Result resumed = run(f, plan);
        assertThat(resumed.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).containsPattern("resuming at byte [1-9][0-9]* of 104857600")
                .contains("from an earlier attempt");
        assertThat(sha(target)).isEqualTo(want);
        assertThat(part).doesNotExist();
    }

    private String listOnHost(Fixture f, Path d) throws Exception {
        try (SshConnector c = new SshConnector(null, f.ticker, "inv.yaml", null)) {
            CopyShell.Captured out = CopyShell.run(c.connect(f.hosts.get(1)), "ls -A " + d, Duration.ofSeconds(30));
            assertThat(out.status).isZero();
            return out.stdout.trim();
        }
    }

    /** unshare -m and a tmpfs mount need root (CAP_SYS_ADMIN); CI runs as root, so there a lack of it fails. */
    private void requireMountNamespace() throws Exception {
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=64k probe \"$0\"", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor() == 0;
        if (!ok && !"true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no mount namespace for a small tmpfs: " + out);
        }
        assertThat(ok).as("unshare -m with a tmpfs mount (run as root): " + out).isTrue();
    }
}
