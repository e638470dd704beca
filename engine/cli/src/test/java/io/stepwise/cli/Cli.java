package io.stepwise.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the CLI as a separate JVM, as an operator would, with its own store file and working directory. */
final class Cli {
    final Path dir;
    final Path store;
    final Map<String, String> env = new HashMap<>();
    private int seq;

    Cli(Path dir) {
        this.dir = dir;
        this.store = dir.resolve("runs.db");
        env.put("STEPWISE_STORE", store.toString());
    }

    /** A finished invocation. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** A started invocation. */
    final class Running {
        final Process process;
        final Path out;
        final Path err;

        Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        Result await(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("stepwise did not finish within " + seconds + "s: " + Files.readString(out)
                        + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }

        /** SIGKILL, and reaped, so its pid is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    Running start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "io.stepwise.cli.Main"));
        cmd.addAll(List.of(args));
        int n = ++seq;
        Path out = dir.resolve("out-" + n + ".txt");
        Path err = dir.resolve("err-" + n + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return new Running(pb.start(), out, err);
    }

    Result run(String... args) throws Exception {
        return start(args).await(120);
    }

    /** Writes a file in the working directory and returns its path. */
    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    Path localInventory() throws IOException {
        return write("local.yaml", "cluster: lab\nhosts:\n  - {name: here, roles: [box], connection: local}\n");
    }
}
