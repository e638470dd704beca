package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.Binaries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The script that stops a timed-out or interrupted command's process group on its host, run here with bash: it
 * reports the group gone only when it is, also when a member belongs to a user the login may not signal (a command
 * under sudo), which kill -0 would have read as gone.
 */
class StopScriptTest {
    private static Process group() throws Exception {
        return new ProcessBuilder("setsid", "sleep", "60").start();
    }

    private static String run(List<String> prefix, long pgid) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(prefix);
        cmd.addAll(List.of("bash", "-c", RemoteCommand.stopScript(pgid, 5)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void aGroupItMaySignalIsStoppedAndReportedSo() throws Exception {
        Process sleeper = group();
        try {
            assertThat(run(List.of(), sleeper.pid())).isEqualTo("TERM");
            assertThat(sleeper.waitFor(10, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aGroupOfAnotherUserIsReportedAliveNotGone() throws Exception {
        Binaries.requireTool("setpriv", "util-linux", "/usr/bin/setpriv", "/bin/setpriv");
        if (!ProcessHandle.current().info().user().orElse("").equals("root")) {
            String why = "this test runs as root, to start a process group another user (nobody) cannot signal";
            if ("true".equals(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
        Process sleeper = group(); // root's
        try {
            String said = run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), sleeper.pid());
            assertThat(said).as("the login (nobody) cannot stop root's sleep: not reported gone").isEqualTo("ALIVE");
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
