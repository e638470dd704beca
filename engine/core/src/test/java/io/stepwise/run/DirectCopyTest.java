package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Plan;
import io.stepwise.model.StepState;
import io.stepwise.testing.Await;
import io.stepwise.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy: {via: direct}} against a real sshd: the source host runs its own {@code ssh} to the target.
 * The source's ssh is the real client with a config of this test (its key and a known_hosts file of the
 * test's choice), put first in PATH by the server, as a host's own ~/.ssh would be.
 */
class DirectCopyTest {
    @TempDir
    Path dir;
    private Sshd sshd;

    @AfterEach
    void stop() throws Exception {
        Files.createDirectories(dir); // the held-back rest of a throttled transfer goes (see throttleFirstTransfer)
        Files.writeString(dir.resolve("go"), "");
        if (sshd != null) {
            sshd.close();
        }
    }

    /** Starts sshd whose sessions find an {@code ssh} that uses {@code knownHosts}; returns the fixture. */
    private Fixture start(boolean knowsTarget) throws Exception {
        return start(knowsTarget, "");
    }

    /** As {@link #start(boolean)}; {@code before} is shell code the source's ssh wrapper runs first. */
    private Fixture start(boolean knowsTarget, String before) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path config = dir.resolve("ssh_config");
        // `ssh -G` (the configuration the transfer's ssh reads its ciphers from) is answered before `before` runs
        Path ssh = Files.writeString(bin.resolve("ssh"), "#!/bin/sh\n[ \"$1\" = -G ] && exec /usr/bin/ssh -F " + config
                + " \"$@\"\necho \"$1 $2\" >> " + dir.resolve("ssh.args") + "\n" + before
                + "exec /usr/bin/ssh -F " + config + " \"$@\"\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
        sshd = Sshd.start(List.of("SetEnv SHLVL=1 PATH=" + bin + ":/usr/local/bin:/usr/bin:/bin"));
        Path knownHosts = dir.resolve("source_known_hosts");
        Files.writeString(knownHosts, knowsTarget ? Files.readString(sshd.knownHosts()) : "");
        Files.writeString(config, "Host *\n  IdentityFile " + sshd.clientKey() + "\n  IdentitiesOnly yes\n"
                + "  UserKnownHostsFile " + knownHosts + "\n  GlobalKnownHostsFile /dev/null\n");
        return SshCopyTest.fixture(sshd);
    }

    private static Action.Copy direct(Path from, Path to) {
        return new Action.Copy("primary", from.toString(), "secondary", to.toString(), null, Action.Via.DIRECT, false);
    }

    @Test
    void aSourceThatDoesNotKnowTheTargetsHostKeyIsRefusedWithTheFixAndNothingMoves() throws Exception {
        Fixture f = start(false);
        Path src = Files.writeString(dir.resolve("dump.sql"), "data\n");
        Path out = dir.resolve("out.sql");
        Plan plan = f.plan(StepBuilder.of("copy", direct(src, out)).on("secondary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString() + r.message())
                .contains("xop-a cannot log in to xop-b")
                .contains("Host key verification failed")
                .contains("must already know xop-b's host key")
                .contains("ssh-keyscan -p " + sshd.port() + " 127.0.0.1")
                .contains("never turns StrictHostKeyChecking off");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("out.sql" + CopyShell.PART)).doesNotExist();
        assertThat(Files.readString(dir.resolve("source_known_hosts"))).as("no key was added").isEmpty();
    }

    @Test
    void aSourceThatKnowsTheTargetSendsTheFileVerifiedOnBothEnds() throws Exception {
        Fixture f = start(true);
        Path src = dir.resolve("dump.bin");
        String want = SshCopyTest.randomFile(src, 5L * 1024 * 1024 + 7);
        Path out = dir.resolve("out.bin");
        Path zipped = dir.resolve("zipped.bin");
        Action.Copy compressed = new Action.Copy("primary", src.toString(), "secondary", zipped.toString(), "0600",
                Action.Via.DIRECT, true);
        Plan plan = f.plan(StepBuilder.of("copy", direct(src, out)).on("secondary").build(),
                StepBuilder.of("zipped", compressed).on("secondary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(SshCopyTest.sha(out)).isEqualTo(want);
        assertThat(SshCopyTest.sha(zipped)).isEqualTo(want);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(zipped))).isEqualTo("rw-------");
        assertThat(f.screenText.toString()).contains("sent by xop-a itself").contains("sha256 " + want + " on both ends");
        // the source's ssh offered AES-GCM first where its CPU has AES instructions, the configured order otherwise
        List<String> transfers = Files.readAllLines(dir.resolve("ssh.args")); // each transfer's first two arguments
        assertThat(transfers).hasSize(2);
        if (DirectCopySshTest.cpuHasAes()) {
            assertThat(transfers).allMatch(l -> l.startsWith("-o Ciphers=aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20"),
                    "starts with the AES-GCM ciphers");
        } else {
            assertThat(transfers).noneMatch(l -> l.contains("Ciphers="));
        }
    }

    @Test
    void aDirectCopyOfHostileNamesArrivesIntactAndRunsNothingElse() throws Exception {
        Fixture f = start(true);
        Files.createDirectories(dir.resolve("in"));
        Files.createDirectories(dir.resolve("out"));
        List<String> names = List.of("space name", "quote'single", "quote\"double", "$(touch PWNED)", "semi;touch PWNED",
                "dollar$HOME", "new\nline", "-dash-first");
        List<io.stepwise.model.Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Path in = Files.writeString(dir.resolve("in").resolve(names.get(i)), "content of " + names.get(i) + "\n");
            steps.add(StepBuilder.of("copy-" + i, direct(in, dir.resolve("out").resolve(names.get(i))))
                    .on("secondary").build());
        }
        Runner.Result r = run(f, f.plan(steps.toArray(new io.stepwise.model.Step[0])));
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        for (String name : names) {
            assertThat(Files.readString(dir.resolve("out").resolve(name))).isEqualTo("content of " + name + "\n");
        }
        try (var walk = Files.walk(dir)) {
            assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(n -> n.equals("PWNED"));
        }
    }

    /**
     * The source's first transfer sends 2 MiB, then holds the rest back until the file {@code go} exists (the
     * test's kill comes first): the cut happens mid-transfer every time, whatever the machine's speed.
     */
    private String throttleFirstTransfer() {
        Path config = dir.resolve("ssh_config");
        return "case \"$*\" in *stepwise-part*)\n"
                + "  if mkdir " + dir.resolve("throttled") + " 2>/dev/null; then\n"
                // the hold also ends when the test's directory is gone: a test that failed mid-way leaves no poller
                + "    { head -c 2097152; until [ -e " + dir.resolve("go") + " ] || [ ! -d " + dir + " ]; do sleep 0.05;"
                + " done; } | /usr/bin/ssh -F "
                + config + " \"$@\"\n"
                + "    exit $?\n"
                + "  fi ;;\n"
                + "esac\n";
    }

    /** Runs the copy until 2 MiB of the part arrived, then {@code cut}s it; returns the first run's result. */
    private Runner.Result cutMidTransfer(Fixture f, Plan plan, Path part, Runnable cut) throws Exception {
        CompletableFuture<Runner.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run(f, plan);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Await.until("2 MiB of the copy to arrive (or the copy to end)", Duration.ofSeconds(60),
                () -> Files.exists(part) && Files.size(part) >= 2L << 20 || running.isDone(), f.screenText::toString);
        assertThat(running).as("the copy ended before it was cut: " + f.screenText).isNotDone();
        cut.run();
        Files.writeString(dir.resolve("go"), ""); // the held-back rest is dropped: its ssh is gone
        return running.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aDirectCopyWhoseSshdIsKilledMidTransferIsInDoubtAndResumeContinuesFromTheOffset() throws Exception {
        Fixture f = start(true, throttleFirstTransfer());
        Path src = dir.resolve("dump.bin");
        String want = SshCopyTest.randomFile(src, 20L * 1024 * 1024 + 3);
        Path out = dir.resolve("out.bin");
        Path part = dir.resolve("out.bin" + CopyShell.PART);
        Plan plan = f.plan(StepBuilder.of("copy", direct(src, out)).on("secondary").build());

        Runner.Result r = cutMidTransfer(f, plan, part, sshd::killConnections);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.PAUSED);
        assertThat(f.state("copy", "xop-b")).isEqualTo(StepState.IN_DOUBT);
        assertThat(r.message()).contains("settled by its checksums");
        assertThat(Files.size(part)).isEqualTo(2L << 20);

        Runner.Result resumed = run(f, plan);
        assertThat(resumed.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).contains("resuming at byte 2097152 of 20971523")
                .contains("(2097152 of them from an earlier attempt)");
        assertThat(SshCopyTest.sha(out)).isEqualTo(want);
        assertThat(part).doesNotExist();
    }

    @Test
    void aDirectCopyCutBetweenTheHostsAloneIsInDoubtAndResumeContinuesFromTheOffset() throws Exception {
        Fixture f = start(true, throttleFirstTransfer());
        Path src = dir.resolve("dump.bin");
        String want = SshCopyTest.randomFile(src, 20L * 1024 * 1024 + 3);
        Path out = dir.resolve("out.bin");
        Path part = dir.resolve("out.bin" + CopyShell.PART);
        Plan plan = f.plan(StepBuilder.of("copy", direct(src, out)).on("secondary").build());

        // the engine's own connections stay up; the source's ssh to the target ends (SIGTERM: ssh exits 255)
        Runner.Result r = cutMidTransfer(f, plan, part, () -> ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").startsWith("/usr/bin/ssh -F " + dir))
                .filter(p -> p.info().commandLine().orElse("").contains(CopyShell.PART))
                .forEach(ProcessHandle::destroy));
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.PAUSED);
        assertThat(f.state("copy", "xop-b")).isEqualTo(StepState.IN_DOUBT);
        assertThat(r.message()).contains("settled by its checksums");
        assertThat(f.screenText.toString() + r.message()).contains("was cut");

        Runner.Result resumed = run(f, plan);
        assertThat(resumed.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).contains("resuming at byte 2097152 of 20971523");
        assertThat(SshCopyTest.sha(out)).isEqualTo(want);
        assertThat(part).doesNotExist();
    }

    private static Action.Copy streamed(String command, Path keep, Path to) {
        return new Action.Copy("primary", keep.toString(), "secondary", to.toString(), null, Action.Via.DIRECT, false,
                command);
    }

    @Test
    void aStreamedCopyKeepsTheCommandsOutputOnTheSourceAndSendsTheSameBytesWhileItIsWritten() throws Exception {
        Fixture f = start(true);
        Path data = dir.resolve("data.bin");
        String want = SshCopyTest.randomFile(data, 3L * 1024 * 1024 + 5);
        Path keep = dir.resolve("dump.sql");
        Path out = dir.resolve("out.sql");
        Plan plan = f.plan(StepBuilder.of("dump", streamed("set -e\necho starting >&2\ncat " + data, keep, out))
                .on("primary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(SshCopyTest.sha(keep)).isEqualTo(want);
        assertThat(SshCopyTest.sha(out)).isEqualTo(want);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keep))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(dir.resolve("dump.sql" + CopyShell.PART)).doesNotExist();
        assertThat(dir.resolve("out.sql" + CopyShell.PART)).doesNotExist();
        assertThat(f.screenText.toString()).contains("sent by xop-a itself while it is written")
                .contains((3L * 1024 * 1024 + 5) + " bytes written and sent").contains("sha256 " + want + " on both ends");
    }

    @Test
    void aStreamedCopyWhoseCommandFailsFailsAndPutsNothingInPlace() throws Exception {
        Fixture f = start(true);
        Path keep = Files.writeString(dir.resolve("dump.sql"), "an earlier dump\n");
        Path out = Files.writeString(dir.resolve("out.sql"), "an earlier dump\n");
        Plan plan = f.plan(StepBuilder.of("dump", streamed("echo half a dump; echo 'mysqldump: Got error' >&2; exit 3",
                keep, out)).on("primary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString() + r.message()).contains("the command on xop-a failed (exit 3)")
                .contains("mysqldump: Got error");
        assertThat(Files.readString(keep)).isEqualTo("an earlier dump\n");
        assertThat(Files.readString(out)).isEqualTo("an earlier dump\n");
        assertThat(dir.resolve("dump.sql" + CopyShell.PART)).doesNotExist();
        assertThat(dir.resolve("out.sql" + CopyShell.PART)).doesNotExist();
    }

    @Test
    void aStreamedCopyToATargetWhoseKeyTheSourceDoesNotKnowIsRefusedWithTheFix() throws Exception {
        Fixture f = start(false);
        Path keep = dir.resolve("dump.sql");
        Path out = dir.resolve("out.sql");
        Plan plan = f.plan(StepBuilder.of("dump", streamed("head -c 1000000 /dev/zero", keep, out)).on("primary").build());
        Runner.Result r = run(f, plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString() + r.message()).contains("xop-a cannot log in to xop-b")
                .contains("must already know xop-b's host key");
        assertThat(keep).doesNotExist();
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("dump.sql" + CopyShell.PART)).doesNotExist();
    }

    @Test
    void aStreamedCopyCutBetweenTheHostsIsInDoubtAndResumeRunsTheIdempotentStepAgainWhole() throws Exception {
        Fixture f = start(true, throttleFirstTransfer());
        Path data = dir.resolve("data.bin");
        String want = SshCopyTest.randomFile(data, 20L * 1024 * 1024 + 3);
        Path keep = dir.resolve("dump.sql");
        Path out = dir.resolve("out.sql");
        Path part = dir.resolve("out.sql" + CopyShell.PART);
        Plan plan = f.plan(StepBuilder.of("dump", streamed("cat " + data + "; echo ran >> " + dir.resolve("runs"),
                keep, out)).on("primary").idempotent().build());

        Runner.Result r = cutMidTransfer(f, plan, part, () -> ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").startsWith("/usr/bin/ssh -F " + dir))
                .filter(p -> p.info().commandLine().orElse("").contains(CopyShell.PART))
                .forEach(ProcessHandle::destroy));
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.PAUSED);
        assertThat(f.state("dump", "xop-a")).isEqualTo(StepState.IN_DOUBT);
        assertThat(f.screenText.toString() + r.message()).contains("was cut").contains("runs again");
        assertThat(out).doesNotExist();
        assertThat(keep).doesNotExist();

        Runner.Result resumed = run(f, plan);
        assertThat(resumed.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(SshCopyTest.sha(keep)).isEqualTo(want);
        assertThat(SshCopyTest.sha(out)).isEqualTo(want);
        assertThat(part).doesNotExist();
        assertThat(Files.readString(dir.resolve("runs"))).isEqualTo("ran\nran\n");
    }

    private static Runner.Result run(Fixture f, Plan plan) throws Exception {
        return SshCopyTest.run(f, plan);
    }
}
