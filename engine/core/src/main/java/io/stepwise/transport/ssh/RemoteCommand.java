package io.stepwise.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.stepwise.model.Ticker;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.NotConnectedException;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.Stopped;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command on an exec channel. The exec request is always {@value #EXEC}; the command itself goes
 * on the channel's stdin, so it never shows in the host's process list. It runs in a subshell of a small
 * wrapper script that first reports its pid on stderr: sshd starts each command as a new session, so that pid is the process
 * group of everything the command started, and a timeout stops the whole group (TERM, then KILL after
 * 3 s) from a second channel. The wrapper shell outlives the command, so the exit status always
 * arrives; a status of 128+n is reported as killed by signal n, as shells do.
 *
 * <p>Whenever the engine cannot know how the command ended — the connection went down or froze, the
 * stop after a timeout could not be confirmed on the host, or no exit status arrived — the answer is
 * {@link ConnectionLostException} (the step is in doubt), never a timeout or a failure that a retry
 * would run a second time.
 */
final class RemoteCommand {
    private static final String[] SIGNALS = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM"};

    /** How long stopping a timed-out command may take before its outcome is declared unknown. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One command under way: where it runs, its process group once reported, and whether its script went out
     * ({@code sent}: 0 not yet, 1 sent, 2 never, as Ctrl-C's stop took it first).
     */
    record Running(RemoteCommand command, Session session, ChannelExec channel, PidCapture pid,
                   java.util.concurrent.atomic.AtomicInteger sent) {
    }

    /** How long Ctrl-C's stop waits for the process group of a command just sent, before it stops the group. */
    static final long PID_WAIT_MILLIS = 1500;

    private final String hostName;
    /** Measures the timeout and the stop budget and paces the waits for a dropped session. */
    private final Ticker ticker;
    /** Commands under way on this connection, so that Ctrl-C can stop them on their host ({@link #stopAll}). */
    private final Set<Running> live = ConcurrentHashMap.newKeySet();

    /** Run before a stop opens its channel: frees the session slot a waiting shell holds (a low MaxSessions). */
    private volatile Runnable beforeStop = () -> { };
    /** Set by Ctrl-C's stop ({@link #stopping}): from then on no command's script goes out on this connection. */
    private volatile boolean stopping;

    RemoteCommand(String hostName, Ticker ticker) {
        this.hostName = hostName;
        this.ticker = ticker;
    }

    /** What to do before a stop opens its channel (see {@link #beforeStop}). */
    void beforeStop(Runnable r) {
        beforeStop = r;
    }

    /**
     * Ctrl-C: no command's script goes out on this connection from now on, and the commands under way now (a command
     * registers before it sends, and sends only if this was not called first, so each is either here or never sent).
     */
    List<Running> stopping() {
        stopping = true;
        return List.copyOf(live);
    }

    /** Claims the right to send {@code r}'s script; false when Ctrl-C's stop came first (then it never goes out). */
    private boolean send(Running r) {
        return !stopping && r.sent().compareAndSet(0, 1);
    }

    private NotConnectedException notSent(String command, Throwable cause) {
        return new NotConnectedException(hostName + ": stopped (Ctrl-C) before `" + abbreviate(command)
                + "` was sent; it did not start", cause);
    }

    /**
     * What the exec request carries: always this fixed text, never the command, so that nothing of the
     * command (secrets included) shows in the host's process list. {@code exec} keeps bash at the pid sshd
     * made a session leader, so {@code $$} is the process group of everything the command starts.
     */
    static final String EXEC = "exec bash -s";

    /**
     * The script {@code bash -s} reads on stdin: report the pid, then the command in a subshell whose stdin is
     * /dev/null (bash parses the whole subshell before running it, so a command reading stdin cannot eat the
     * rest of the script, and it sees end of file as before).
     */
    static String wrap(String command) {
        return PID_LINE + body(command);
    }

    /** The script's first line: the shell reports its pid (bash -s runs each line as soon as it has read it). */
    static final String PID_LINE = "printf '\\036stepwise-pid %s\\n' \"$$\" >&2\n";

    /** The rest of the script: the command, in its subshell. */
    private static String body(String command) {
        return "(\n" + command + "\n) </dev/null\n";
    }

    /**
     * A channel on which {@value #EXEC} was started and waits for its script on stdin: no command runs there until
     * {@link #run} sends one, and a channel closed before then ran nothing (the shell reads end of file and exits).
     */
    record Ready(ChannelExec channel, HeldOutput out, HeldOutput err) {
        /** Whether the shell still waits for a script (neither it nor the channel is gone). */
        boolean waiting() {
            return channel.isConnected() && !channel.isClosed() && !err.closed();
        }

        /** Closes the channel: the shell, never sent a script, exits having run nothing. */
        void discard() {
            channel.disconnect();
        }
    }

    /** Opens a channel and starts {@value #EXEC} on it, retried as {@link ChannelRetry} does. */
    Ready ready(Session session) throws TransportException {
        HeldOutput[] streams = new HeldOutput[2];
        ChannelExec ch = ChannelRetry.connect(session, hostName, sess -> {
            streams[0] = new HeldOutput();
            streams[1] = new HeldOutput();
            return newChannel(sess, EXEC, streams[0], streams[1]);
        }, 0, ticker);
        return new Ready(ch, streams[0], streams[1]);
    }

    /**
     * As {@link #ready(Session)}, in one attempt, for a command that may come later (see
     * {@link SshConnection#exec}); null when the server refused it or the session is down.
     */
    static Ready spare(Session session) {
        HeldOutput out = new HeldOutput();
        HeldOutput err = new HeldOutput();
        ChannelExec ch = null;
        try {
            ch = newChannel(session, EXEC, out, err);
            ChannelRetry.connect(session, ch, 0);
            return new Ready(ch, out, err);
        } catch (JSchException | RuntimeException e) {
            if (ch != null) {
                ch.disconnect();
            }
            return null;
        }
    }

    /**
     * Runs {@code command} on {@code ready}'s channel (null: a new one), calling {@code ended} once it has ended with an
     * exit status: a shell for the next command starts only then, so it sees what this one changed (a profile, a
     * ~/.bashrc it sources, an environment file the host's sshd reads), as a shell started after it always did.
     */
    ExecResult run(Session session, Ready ready, String command, Duration timeout, OutputListener listener,
                   Runnable ended) throws TransportException {
        long start = ticker.nanoTime();
        Ready r = ready != null ? ready : ready(session);
        ChannelExec ch = r.channel();
        CountDownLatch closed = new CountDownLatch(1);
        OutputSink[] sinks = {OutputSink.stdout(listener, null), OutputSink.stderr(listener, closed::countDown)};
        PidCapture err = new PidCapture(sinks[1]);
        try {
            r.out().bind(sinks[0]);
            r.err().bind(err);
        } catch (IOException e) {
            ch.disconnect(); // nothing was sent: the shell ran nothing
            throw new TransportException(hostName + ": the output before `" + abbreviate(command)
                    + "` could not be handled (" + e.getMessage() + "); it was not started", e);
        }
        Running live = new Running(this, session, ch, err, new java.util.concurrent.atomic.AtomicInteger());
        this.live.add(live);
        try {
            if (ready == null || alive(session, ch, err, command)) {
                if (!send(live)) {
                    throw notSent(command, null);
                }
                // a new channel's script reports the pid first; a spare's shell has just reported it
                sendScript(ch, ready == null ? wrap(command) : body(command), command);
            } else {
                // nothing of the command went out: the spare's shell, or the whole connection, is gone
                if (stopping) {
                    throw notSent(command, null);
                }
                if (!session.isConnected()) {
                    throw new SessionDownException(hostName + ": the SSH connection is down", null);
                }
                this.live.remove(live);
                ch.disconnect();
                return run(session, null, command, timeout, listener, ended);
            }
            long deadline = timeout == null ? 0 : ticker.nanoTime() + timeout.toNanos();
            String killedBy = null;
            try {
                // the wait itself is on the channel (a real one): the ticker says when the timeout is up
                while (!closed.await(pollMillis(timeout, deadline), TimeUnit.MILLISECONDS)) {
                    if (!session.isConnected()) {
                        break;
                    }
                    if (timeout != null && ticker.nanoTime() - deadline >= 0) {
                        killedBy = stop(session, ch, err.pid());
                        closed.await(10, TimeUnit.SECONDS);
                        break;
                    }
                }
            } catch (InterruptedException e) {
                try {
                    stop(session, ch, err.pid());
                } catch (ConnectionLostException notConfirmed) {
                    // reported below as in doubt either way
                }
                Thread.currentThread().interrupt();
                throw new ConnectionLostException(hostName + ": interrupted while `" + abbreviate(command)
                        + "` ran; it was stopped and its outcome is unknown", e);
            }
            Duration elapsed = Duration.ofNanos(ticker.nanoTime() - start);
            for (OutputSink sink : sinks) {
                if (sink.failure() != null) {
                    throw new TransportException(hostName + ": the output of `" + abbreviate(command)
                            + "` could not be handled (" + sink.failure() + "); the rest of it was dropped",
                            sink.failure());
                }
            }
            if (killedBy != null) {
                return new ExecResult(-1, killedBy, true, elapsed);
            }
            int status = ch.getExitStatus();
            if (status >= 0) {
                ended.run();
                return new ExecResult(status, signalOf(status), false, elapsed);
            }
            if (SessionDrop.dropped(ticker, session::isConnected)) {
                throw new ConnectionLostException(hostName + ": the SSH connection dropped while `"
                        + abbreviate(command) + "` ran; whether it completed is unknown", null);
            }
            throw new ConnectionLostException(hostName + ": no exit status arrived for `" + abbreviate(command)
                    + "`; whether it completed is unknown", null);
        } finally {
            this.live.remove(live);
            ch.disconnect();
        }
    }

    /** How long to wait on the channel before looking at the session and the deadline again. */
    private long pollMillis(Duration timeout, long deadline) {
        return timeout == null ? 200 : Math.max(1, Math.min(200, (deadline - ticker.nanoTime()) / 1_000_000));
    }

    /**
     * Stops every command under way on its host (Ctrl-C): TERM to each process group, KILL after about 1.5 s,
     * all hosts at once, giving up after {@code budget}. Says for each command whether its host confirmed the
     * stop, with its process group, so that a command left running (a frozen connection) can be found later.
     */
    static List<Stopped> stopAll(List<Running> running, Duration budget, Ticker ticker) {
        if (running.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(running.size(), r -> {
            Thread t = new Thread(r, "stepwise-remote-stop");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> stops = new ArrayList<>();
            List<Running> sent = new ArrayList<>();
            List<Stopped> result = new ArrayList<>();
            for (Running r : running) {
                if (r.sent().compareAndSet(0, 2)) {
                    // its script never went out and now never will: the shell waiting for it exits with its channel
                    r.channel().disconnect();
                    result.add(Stopped.notStarted(r.command().hostName));
                    continue;
                }
                sent.add(r);
                // just sent, its shell may not have said its process group yet: wait for it (a round trip) first
                stops.add(pool.submit(() -> {
                    r.pid().awaitReported(Math.min(PID_WAIT_MILLIS, budget.toMillis() / 2));
                    return r.command().stop(r.session(), r.channel(), r.pid().pid(), 15);
                }));
            }
            long until = ticker.nanoTime() + budget.toNanos();
            for (int i = 0; i < sent.size(); i++) {
                Running r = sent.get(i);
                String why = null;
                try {
                    stops.get(i).get(Math.max(0, until - ticker.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    why = e.getCause() instanceof NotStopped n ? n.why : String.valueOf(e.getCause().getMessage());
                } catch (TimeoutException e) {
                    why = "the host did not answer within " + Math.max(1, budget.toSeconds()) + "s";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    why = "interrupted";
                }
                result.add(new Stopped(r.command().hostName, r.pid().pid(), true, why == null, why));
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ChannelExec newChannel(Session session, String command, OutputStream out, OutputStream err)
            throws JSchException {
        ChannelExec ch = ChannelRetry.open(session, "exec");
        ch.setCommand(command.getBytes(StandardCharsets.UTF_8));
        ch.setOutputStream(out);
        ch.setExtOutputStream(err);
        return ch;
    }

    /**
     * On a spare channel, before the command goes out: sends the script's first line alone and waits for the pid it
     * reports. So the connection and the waiting shell are known to be alive now (as a new channel's open shows for
     * a new one), and a connection that dropped since the spare was opened is found before anything of the command
     * is sent: the caller then reconnects and runs it, as for a drop found at a channel open. False when the shell
     * or the connection is gone.
     */
    private boolean alive(Session session, ChannelExec ch, PidCapture err, String command)
            throws NotConnectedException {
        try {
            OutputStream in = ch.getOutputStream();
            in.write(PID_LINE.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            return false;
        }
        long since = System.nanoTime();
        try {
            while (!err.awaitReported(200)) {
                // a shell that does not answer (stopped, or a profile that reads stdin) is given up after 10 s: nothing
                // of the command went out, so the caller runs it on a new channel
                if (!session.isConnected() || System.nanoTime() - since > SPARE_ANSWER_NANOS) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notSent(command, e);
        }
        return err.pid() > 0;
    }

    /** How long a spare's shell may take to report its pid before it is given up (see {@link #alive}). */
    static final long SPARE_ANSWER_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Writes the script to the channel's stdin and ends it; a failure here leaves the outcome unknown. */
    private void sendScript(ChannelExec ch, String script, String command) throws ConnectionLostException {
        try (OutputStream in = ch.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new ConnectionLostException(hostName + ": sending `" + abbreviate(command) + "` failed ("
                    + e.getMessage() + "); whether it started is unknown", e);
        }
    }

    /**
     * Stops the remote process group: TERM, then KILL after 3 s. Returns the signal that ended it; throws
     * {@link ConnectionLostException} when the stop cannot be confirmed on the host.
     */
    private String stop(Session session, ChannelExec ch, long pid) throws ConnectionLostException {
        return stop(session, ch, pid, 30);
    }

    /** @param killAfter tenths of a second between TERM and KILL */
    private String stop(Session session, ChannelExec ch, long pid, int killAfter) throws ConnectionLostException {
        beforeStop.run();
        try {
            ch.sendSignal("TERM");
        } catch (Exception ignored) {
            // best effort: older servers refuse signals
        }
        if (pid <= 1 || !session.isConnected()) {
            throw notStopped(pid <= 1 ? "its process group was not known yet" : "the connection is down", null);
        }
        String script = stopScript(pid, killAfter);
        StringBuilder out = new StringBuilder();
        CountDownLatch[] done = new CountDownLatch[1];
        OutputListener collect = OutputListener.stdout(chunk -> {
            synchronized (out) {
                out.append(chunk);
            }
        });
        try {
            ChannelExec killer = ChannelRetry.connect(session, hostName, sess -> {
                done[0] = new CountDownLatch(1);
                return newChannel(sess, script, OutputSink.stdout(collect, null),
                        OutputSink.stderr(OutputListener.NONE, done[0]::countDown));
            }, (int) STOP_TIMEOUT.toMillis(), ticker);
            try {
                if (!done[0].await(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw notStopped("the host did not answer within " + STOP_TIMEOUT.toSeconds() + "s", null);
                }
            } finally {
                killer.disconnect();
            }
        } catch (TransportException e) {
            throw notStopped(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notStopped("interrupted", e);
        }
        synchronized (out) {
            if (out.toString().contains("ALIVE")) {
                throw notStopped("its process group " + pid + " still runs after TERM and KILL: a process of another"
                        + " user, e.g. under sudo, which this login may not signal; stop it there as that user", null);
            }
            if (out.toString().contains("KILL")) {
                return "KILL";
            }
            if (out.toString().contains("TERM")) {
                return "TERM";
            }
        }
        throw notStopped("the stop did not report back", null);
    }

    /**
     * The shell script that stops process group {@code pid}: TERM, then KILL after {@code killAfter} tenths of a
     * second; it prints TERM or KILL once the group is gone, ALIVE when it outlives KILL.
     */
    static String stopScript(long pid, int killAfter) {
        // Whether the group still has a process is asked of ps, not of kill -0: a group member of another user (a
        // command under sudo) makes kill -0 fail with EPERM, which would read as "gone" while it runs. A group that
        // outlives KILL is reported (ALIVE) and the stop is not confirmed; a zombie (ended, not yet reaped) is gone.
        // Without ps, kill -0 is all there is.
        return "alive() { ps -e -o pgid= -o stat= 2>/dev/null | awk -v g=" + pid
                + " '$1 == g && $2 !~ /^Z/ {f = 1} END {exit !f}'; }\n"
                + "command -v ps >/dev/null 2>&1 || alive() { kill -0 -" + pid + " 2>/dev/null; }\n"
                + "kill -TERM -" + pid + " 2>/dev/null\n"
                + "i=0\nwhile alive; do\n"
                + "  i=$((i+1)); if [ $i -gt " + killAfter + " ]; then kill -KILL -" + pid + " 2>/dev/null; sleep 0.2;"
                + " if alive; then echo ALIVE; else echo KILL; fi; exit 0; fi\n"
                + "  sleep 0.1\ndone\necho TERM\n";
    }

    private ConnectionLostException notStopped(String why, Throwable cause) {
        return new NotStopped(hostName + ": the command timed out and could not be stopped for certain ("
                + why + "); whether it completed or still runs is unknown", why, cause);
    }

    /** A stop its host did not confirm, and why (for Ctrl-C's report). */
    private static final class NotStopped extends ConnectionLostException {
        private final String why;

        NotStopped(String message, String why, Throwable cause) {
            super(message, cause);
            this.why = why;
        }
    }

    static String signalOf(int status) {
        if (status <= 128 || status > 128 + 64) {
            return null;
        }
        int n = status - 128;
        return n < SIGNALS.length ? SIGNALS[n] : "SIG" + n;
    }

    static String abbreviate(String command) {
        String s = command.strip().replaceAll("\\s+", " ");
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
