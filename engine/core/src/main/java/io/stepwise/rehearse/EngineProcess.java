package io.stepwise.rehearse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One engine invocation as a child process ({@code run} or {@code resume}), its output in a log file. When
 * the engine reaches its {@link io.stepwise.run.Hold hold} it writes its pid; {@link #await} then SIGKILLs
 * that process — a real kill -9, no shutdown hook runs.
 */
final class EngineProcess {
    /** How an invocation ended: its exit code, or killed at its hold. */
    record End(boolean killed, int exit, Path log) {
        /** The engine's own last message ("stepwise: ..."), else its last line of output. */
        String lastLine() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank()).toList();
                return lines.stream().filter(l -> l.startsWith("stepwise: ")).reduce((a, b) -> b)
                        .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1)).strip();
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }
    }

    private static final long LIMIT_MINUTES = 120;

    private final List<String> command;
    private final Map<String, String> env;

    EngineProcess(List<String> command, Map<String, String> env) {
        this.command = command;
        this.env = env;
    }

    /** Runs {@code args}; with a {@code holdFile}, kills the engine once it holds there. */
    End run(List<String> args, Map<String, String> extraEnv, Path holdFile, Path log) throws InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        Process p;
        try {
            Files.deleteIfExists(holdFile == null ? log.resolveSibling(".none") : holdFile);
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the engine (" + cmd.get(0) + "): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LIMIT_MINUTES);
        try {
            while (true) {
                // waiting on the process itself; between waits, whether the engine reached its hold
                if (p.waitFor(20, TimeUnit.MILLISECONDS)) {
                    return new End(false, p.exitValue(), log);
                }
                if (holdFile != null && Files.exists(holdFile)) {
                    killHolder(holdFile);
                    p.destroyForcibly();
                    p.waitFor();
                    return new End(true, p.exitValue(), log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the engine (" + String.join(" ", args) + ") did not end within "
                            + LIMIT_MINUTES + " minutes; see " + log);
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor();
            }
        }
    }

    /** SIGKILL to the pid the engine wrote (the JVM itself, even when a launcher script started it). */
    private static void killHolder(Path holdFile) throws InterruptedException {
        String text;
        try {
            text = Files.readString(holdFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long pid = Long.parseLong(text.split(" ")[0]);
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().destroyForcibly();
            handle.get().onExit().join();
        }
    }
}
