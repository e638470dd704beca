package io.stepwise.transport.local;

import io.stepwise.transport.ExecResult;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One command on this machine, in its own session ({@code setsid bash -s}) so that a timeout or a
 * Ctrl-C stops its whole process tree: the process group is killed, then any descendant left. The
 * command goes to bash on stdin, never in its arguments, so that no secret shows in the process list; it
 * runs with /dev/null as its stdin, as before. It does not inherit the engine's {@code STEPWISE_SECRET_*}
 * variables: a step sees a secret only where its command uses {@code {{name}}}.
 */
final class LocalProcess {
    private static final Duration QUIET = Duration.ofSeconds(2);
    /** Secret params reach the engine in these variables; no command inherits them. */
    static final String SECRET_PREFIX = "STEPWISE_SECRET_";

    private LocalProcess() {
    }

    static ExecResult run(String host, String command, Duration timeout, OutputListener listener, Set<Process> live)
            throws TransportException {
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", "-s");
        pb.environment().keySet().removeIf(k -> k.startsWith(SECRET_PREFIX));
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TransportException(host + ": cannot start bash: " + e.getMessage(), e);
        }
        live.add(p);
        try (OutputStream in = p.getOutputStream()) {
            // a group, not a subshell: `exit` and $$ behave as with bash -c; bash parses it whole before running it
            in.write(("{\n" + command + "\n} </dev/null\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            killTree(p);
            live.remove(p);
            throw new TransportException(host + ": cannot hand the command to bash: " + e.getMessage(), e);
        }
        Pump out = pump(p.getInputStream(), listener::stdout, host + "-stdout");
        Pump err = pump(p.getErrorStream(), listener::stderr, host + "-stderr");
        try {
            boolean ended;
            if (timeout == null) {
                p.waitFor();
                ended = true;
            } else {
                ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!ended) {
                killTree(p);
                p.waitFor(5, TimeUnit.SECONDS);
            }
            long exited = System.nanoTime();
            drain(out, exited);
            drain(err, exited);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            int code = ended ? p.exitValue() : -1;
            String signal = code > 128 ? "SIG" + (code - 128) : null;
            return new ExecResult(code, signal, !ended, elapsed);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new TransportException(host + ": interrupted while running the command; it was stopped", e);
        } finally {
            live.remove(p);
        }
    }

    static void killTree(Process p) {
        long pid = p.pid();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall through to the descendants below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Reads a stream to its end on its own thread, noting when it last delivered something. */
    private static final class Pump extends Thread {
        private final InputStream in;
        private final Consumer<String> sink;
        private volatile long lastActive = System.nanoTime();

        Pump(InputStream in, Consumer<String> sink, String name) {
            super(name);
            this.in = in;
            this.sink = sink;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buf = new char[8192];
                int n;
                while ((n = r.read(buf)) > 0) {
                    sink.accept(new String(buf, 0, n));
                    lastActive = System.nanoTime();
                }
            } catch (IOException e) {
                // the process went away; what was read is delivered
            }
        }
    }

    private static Pump pump(InputStream in, Consumer<String> sink, String name) {
        Pump p = new Pump(in, sink, name);
        p.start();
        return p;
    }

    /**
     * Waits for the rest of the output after the command ended: to the end of the stream, as long as output
     * keeps coming, and at most {@link #QUIET} after the command's exit or the last chunk, whichever is later (a
     * background child may hold the pipe open forever). Measured from the exit too, so that output written
     * just before it — still in the pipe when a busy machine has not yet scheduled the reader — is read even
     * when the command was silent for longer than {@link #QUIET} before.
     */
    private static void drain(Pump p, long exited) throws InterruptedException {
        while (p.isAlive() && System.nanoTime() - Math.max(p.lastActive, exited) < QUIET.toNanos()) {
            p.join(100);
        }
    }
}
