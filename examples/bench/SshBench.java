import io.stepwise.model.Host;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.ssh.SshConnection;
import io.stepwise.transport.ssh.SshConnector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The SSH transport alone, for ssh-bench.sh when `stepwise run` is not available: connects once and
 * runs N `echo step-$i` commands in turn, printing one line per step: "step MILLIS".
 * Usage: java -cp stepwise.jar:DIR SshBench PORT USER KEY KNOWN_HOSTS N
 */
public final class SshBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[4]);
        SshSettings ssh = new SshSettings(args[1], port, args[2], args[3], Duration.ofSeconds(10), Duration.ofSeconds(15),
                false);
        Host host = new Host("bench", "127.0.0.1", List.of("bench"), Host.Connection.SSH, ssh, MysqlSettings.EMPTY,
                Map.of(), null);
        StringBuilder out = new StringBuilder();
        OutputListener keep = new OutputListener() {
            @Override
            public void stdout(String chunk) {
                out.append(chunk);
            }

            @Override
            public void stderr(String chunk) {
                System.err.print(chunk);
            }
        };
        try (SshConnector connector = new SshConnector(null, Clock.systemUTC())) {
            SshConnection c = connector.connect(host);
            for (int i = 1; i <= n; i++) {
                long t0 = System.nanoTime();
                int code = c.exec("echo step-" + i, Duration.ofSeconds(30), keep).exitCode();
                long t1 = System.nanoTime();
                if (code != 0) {
                    throw new IllegalStateException("step " + i + " exited " + code);
                }
                System.out.printf("step %.3f%n", (t1 - t0) / 1e6);
            }
        }
        if (!out.toString().contains("step-" + n + "\n")) {
            throw new IllegalStateException("missing output of the last step");
        }
    }
}
