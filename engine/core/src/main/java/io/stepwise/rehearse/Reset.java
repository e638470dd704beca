package io.stepwise.rehearse;

import io.stepwise.run.RunException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code --reset} command, run with {@code bash -c} before every run; counted and timed. */
final class Reset {
    private static final long LIMIT_MINUTES = 10;

    private final String command;
    private final Map<String, String> env;
    private final Path logs;
    private int count;
    private long millis;

    Reset(String command, Map<String, String> env, Path logs) {
        this.command = command;
        this.env = env;
        this.logs = logs;
    }

    void run() throws RunException, InterruptedException {
        count++;
        long t0 = System.nanoTime();
        Path log = logs.resolve(String.format("reset-%04d.log", count));
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw RunException.failed("the reset command did not finish within " + LIMIT_MINUTES + " minutes: "
                        + command + " (output: " + log + ")");
            }
            if (p.exitValue() != 0) {
                throw RunException.failed("the reset command failed with exit " + p.exitValue() + ": " + command
                        + "\n" + Files.readString(log, StandardCharsets.UTF_8).strip()
                        + "\nFix it (it must put the target back as it was before a run), then rehearse again.");
            }
        } catch (IOException e) {
            throw RunException.failed("cannot run the reset command " + command + ": " + e.getMessage());
        } finally {
            millis += (System.nanoTime() - t0) / 1_000_000;
        }
    }

    int count() {
        return count;
    }

    long millis() {
        return millis;
    }
}
