package io.stepwise.transport.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Host;
import io.stepwise.model.Mark;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.OutputListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A local command's last output is never lost, however long it was silent before and however busy the machine
 * is: the wait for the rest of the output counts from the command's exit, not from its previous chunk.
 */
class OutputAtExitTest {
    private static final Host HOST = new Host("here", null, List.of("box"), Host.Connection.LOCAL, SshSettings.EMPTY,
            MysqlSettings.EMPTY, Map.of(), Mark.NONE);

    private static String run(String command) throws Exception {
        StringBuilder out = new StringBuilder();
        try (LocalConnection conn = new LocalConnection(HOST, MysqlSettings.EMPTY, ref -> null)) {
            ExecResult r = conn.exec(command, Duration.ofSeconds(60), new OutputListener() {
                @Override
                public void stdout(String chunk) {
                    synchronized (out) {
                        out.append(chunk);
                    }
                }

                @Override
                public void stderr(String chunk) {
                }
            });
            assertThat(r.exitCode()).isZero();
        }
        return out.toString();
    }

    @Test
    void outputArrivingAfterALongSilenceAndTheExitIsKept() throws Exception {
        // bash exits after 2.2 s of silence; the line reaches the pipe just after (a child still holds it)
        assertThat(run("sleep 2.2; (sleep 0.3; echo value=42) &")).isEqualTo("value=42\n");
    }

    @Test
    void theLastLineAfterASilenceIsKeptUnderLoad() throws Exception {
        List<Process> burners = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 4; i++) {
                burners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> run("sleep 2.1; echo value=42")));
            }
            for (Future<String> f : runs) {
                assertThat(f.get()).isEqualTo("value=42\n");
            }
        } finally {
            pool.shutdownNow();
            for (Process p : burners) {
                p.destroyForcibly();
                p.waitFor();
            }
        }
    }
}
