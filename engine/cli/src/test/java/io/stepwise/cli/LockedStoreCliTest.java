package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process holds the SQLite store's write lock while a step runs: the step's output keeps showing, and the
 * first Ctrl-C answers at once and says it waits for the run store (before, the output froze and Ctrl-C was silent
 * until the engine gave up).
 */
class LockedStoreCliTest {
    @TempDir
    Path dir;

    @Test
    void outputKeepsShowingAndCtrlCAnswersAtOnceWhileAnotherProcessHoldsTheWriteLock() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("steps:\n"
                + "  - id: ticks\n    on: box\n"
                + "    run: \"i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done\"\n");
        Cli.Running run = cli.start("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "r1",
                "--no-input");
        run.awaitOutput("[here] tick 3");
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + cli.store);
             Statement st = lock.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            int n0 = lastTick(run);
            run.awaitOutput("[here] tick " + (n0 + 15));
            assertThat(run.process.isAlive()).as("the step still runs while the store is locked").isTrue();

            new ProcessBuilder("kill", "-INT", String.valueOf(run.process.pid())).start().waitFor();
            run.awaitOutput("stepwise: stopping (Ctrl-C)");
            run.awaitOutput("waiting for the run store");
            Cli.Result r = run.await(60);
            assertThat(r.exit()).as(r.all()).isEqualTo(130);
            st.execute("ROLLBACK");
        }
        assertThat(cli.run("status", "r1").out()).contains("interrupted");
    }

    private static int lastTick(Cli.Running run) throws Exception {
        int last = 0;
        for (String line : Files.readAllLines(run.out)) {
            if (line.startsWith("[here] tick ")) {
                last = Integer.parseInt(line.substring("[here] tick ".length()).trim());
            }
        }
        return last;
    }
}
