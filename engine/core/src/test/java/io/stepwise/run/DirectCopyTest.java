package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Plan;
import io.stepwise.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
    void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    /** Starts sshd whose sessions find an {@code ssh} that uses {@code knownHosts}; returns the fixture. */
    private Fixture start(boolean knowsTarget) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path config = dir.resolve("ssh_config");
        Path ssh = Files.writeString(bin.resolve("ssh"), "#!/bin/sh\nexec /usr/bin/ssh -F " + config + " \"$@\"\n");
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
    }

    private static Runner.Result run(Fixture f, Plan plan) throws Exception {
        return SshCopyTest.run(f, plan);
    }
}
