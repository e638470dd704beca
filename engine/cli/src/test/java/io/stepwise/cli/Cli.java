package io.stepwise.cli;

import io.stepwise.testing.Await;
import io.stepwise.testing.Binaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CLI fixture: runs the CLI as a separate JVM, as an operator would, with its own store file and
 * working directory; without a terminal ({@link #start}, {@link #run}) or under a real pseudo-terminal
 * ({@link #startInPty}). Waits go through {@link Await}: on a deadline, never by sleeping.
 */
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

        /** What it printed so far, for failure messages. */
        String printed() {
            return "stdout: " + readOrEmpty(out) + "\nstderr: " + readOrEmpty(err);
        }

        /**
         * Waits until {@code file} exists and contains {@code text} (any text: ""); fails at once, with what it
         * printed, if it ended first.
         */
        void awaitText(Path file, String text) {
            Await.until("'" + text + "' in " + file, Await.DEFAULT, () -> {
                boolean ended = !process.isAlive();
                if (Files.exists(file) && readOrEmpty(file).contains(text)) {
                    return true;
                }
                if (ended) {
                    throw new AssertionError("stepwise ended (exit " + process.exitValue() + ") before '" + text
                            + "' appeared in " + file + "\n" + printed());
                }
                return false;
            }, this::printed);
        }

        /** Waits until its stdout contains {@code text}. */
        void awaitOutput(String text) {
            awaitText(out, text);
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

    /**
     * Starts the CLI under a real pseudo-terminal (util-linux {@code script}), as at a keyboard: prompts are
     * shown and answered through {@link Pty}. Without {@code script} the test is skipped, or fails under
     * {@code CI=true}. {@code unset} names environment variables the invocation must not see.
     */
    Pty startInPty(List<String> unset, String... args) throws IOException {
        Binaries.requireTool("util-linux script (for a pseudo-terminal)", "util-linux", "/usr/bin/script");
        String command = Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 -cp "
                + System.getProperty("java.class.path") + " io.stepwise.cli.Main " + String.join(" ", args);
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        unset.forEach(pb.environment()::remove);
        return new Pty(pb.start());
    }

    /** A CLI on a pseudo-terminal: what it shows is collected on a reader thread; a test awaits text and types. */
    static final class Pty implements AutoCloseable {
        final Process process;
        private final StringBuffer screen = new StringBuffer();
        private final OutputStream keyboard;
        private final Thread reader;

        Pty(Process process) {
            this.process = process;
            this.keyboard = process.getOutputStream();
            InputStream shown = process.getInputStream();
            this.reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = shown.read(buf)) > 0; ) {
                        screen.append(new String(buf, 0, n, StandardCharsets.UTF_8).replace("\r", ""));
                    }
                } catch (IOException e) {
                    // the process is gone; what was shown stays in screen
                }
            }, "pty-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Everything shown so far, carriage returns removed. */
        String screen() {
            return screen.toString();
        }

        /** Waits until the screen shows {@code text}. */
        void await(String text) {
            Await.until("'" + text + "' on the terminal", Await.DEFAULT, () -> {
                boolean ended = !process.isAlive();
                if (screen().contains(text)) {
                    return true;
                }
                if (ended && !reader.isAlive()) {
                    throw new AssertionError("stepwise ended (exit " + process.exitValue() + ") before showing '"
                            + text + "'; screen:\n" + screen());
                }
                return false;
            }, () -> "screen:\n" + screen());
        }

        /** Waits until the screen shows {@code text} after the last {@code after} (a hint, then the prompt again). */
        void await(String after, String text) {
            Await.until("'" + text + "' after '" + after + "' on the terminal", Await.DEFAULT, () -> {
                boolean ended = !process.isAlive();
                String shown = screen();
                int at = shown.lastIndexOf(after);
                if (at >= 0 && shown.indexOf(text, at + after.length()) >= 0) {
                    return true;
                }
                if (ended && !reader.isAlive()) {
                    throw new AssertionError("stepwise ended (exit " + process.exitValue() + ") before showing '"
                            + text + "' after '" + after + "'; screen:\n" + shown);
                }
                return false;
            }, () -> "screen:\n" + screen());
        }

        /** Types {@code line} and Enter. */
        void type(String line) throws IOException {
            keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        /** Waits for the exit code, and for the screen to have everything it printed. */
        int exit() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("stepwise did not finish within 60 s; screen:\n" + screen());
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    Result run(String... args) throws Exception {
        return start(args).await(120);
    }

    /**
     * Runs the CLI in this JVM ({@link Main#execute}), without a store or working directory of its own: for
     * help, parse errors and commands given {@code --store}; quicker than a separate JVM.
     */
    static Result inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Writes proc.yaml: procedure {@code demo} with one role, {@code box} ("this machine", the role of
     * {@link #localInventory}'s host), then {@code rest}: its {@code params:} if any and {@code steps:}.
     */
    Path procedure(String rest) throws IOException {
        return write("proc.yaml", "procedure: demo\ntitle: Demo\nroles:\n  box: this machine\n" + rest);
    }

    /** Writes a file in the working directory and returns its path. */
    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path localInventory() throws IOException {
        return write("local.yaml", "cluster: lab\nhosts:\n  - {name: here, roles: [box], connection: local}\n");
    }
}
