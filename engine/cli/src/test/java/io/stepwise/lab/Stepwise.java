package io.stepwise.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stepwise CLI as a separate process against a lab, with the lab's store and secrets in its
 * environment, as an operator would from a shell after {@code source $LAB/env.sh}.
 */
public final class Stepwise {
    /** What one command did. */
    public record Result(int exit, String output) {
        @Override
        public String toString() {
            return "exit " + exit + ":\n" + output;
        }
    }

    private final Lab lab;

    public Stepwise(Lab lab) {
        this.lab = lab;
    }

    /** Runs {@code stepwise ARGS...} to completion (at most {@code timeoutSeconds}). */
    public Result run(int timeoutSeconds, String... args) {
        Path log = lab.dir().resolve("cli-" + System.nanoTime() + ".log");
        try {
            Process p = start(log, args);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + "s\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code stepwise ARGS...} with stdout and stderr to {@code log}; the caller waits or kills it. */
    public Process start(Path log, String... args) throws IOException {
        return start(log, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, String...)}, with {@code env} added to the engine's environment. */
    public Process start(Path log, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), io.stepwise.cli.Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .directory(lab.root().toFile());
        pb.environment().put("STEPWISE_STORE", lab.dir().resolve("runs.db").toString());
        pb.environment().put("STEPWISE_SECRET_REPL_PASSWORD", lab.replPassword());
        pb.environment().put("STEPWISE_LAB_DIR", lab.dir().toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** {@code stepwise run PROCEDURE -i LAB_INVENTORY --run-id ID --no-input [-p k=v]...}. */
    public Result runProcedure(String procedure, String runId, String... params) {
        List<String> args = new ArrayList<>(List.of("run", lab.procedure(procedure).toString(), "-i",
                lab.inventory().toString(), "--run-id", runId, "--no-input"));
        for (String p : params) {
            args.add("-p");
            args.add(p);
        }
        return run(600, args.toArray(String[]::new));
    }

    private static final java.util.regex.Pattern WAITING =
            java.util.regex.Pattern.compile("stepwise confirm (\\S+) (\\S+)");

    /**
     * Answers every manual step of a paused run with {@code stepwise confirm} and resumes, until the run
     * ends (or {@code maxConfirmations} is reached). Returns the last resume's result, with every
     * output appended so a failure shows the whole story.
     */
    public Result confirmAll(Result first, int maxConfirmations) {
        Result last = first;
        StringBuilder story = new StringBuilder(first.output());
        for (int i = 0; i < maxConfirmations && last.exit() == 3; i++) {
            java.util.regex.Matcher m = WAITING.matcher(last.output());
            if (!m.find()) {
                break;
            }
            Result c = run(60, "confirm", m.group(1), m.group(2), "--note", "lab test");
            story.append(c.output());
            if (c.exit() != 0) {
                return new Result(c.exit(), story.toString());
            }
            last = run(600, "resume", m.group(1), "--no-input");
            story.append(last.output());
        }
        return new Result(last.exit(), story.toString());
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
