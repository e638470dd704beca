package io.stepwise.transport.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.stepwise.model.Ticker;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.TransportException;
import java.time.Duration;

/**
 * Connects a channel, retrying briefly when the server refuses to open it: sshd counts a closed session
 * against MaxSessions until it has cleaned it up, so a refusal right after another channel closed is
 * transient. Only the channel open is retried: once it is open, the request that follows (exec,
 * subsystem) may have reached the server, so a failure from then on is in doubt
 * ({@link ConnectionLostException}) and is never sent again.
 */
final class ChannelRetry {
    private static final int ATTEMPTS = 20;

    /** Makes a fresh, unconnected channel with its streams (a refused channel cannot be reused). */
    interface Factory<C extends Channel> {
        C create(Session session) throws JSchException;
    }

    private ChannelRetry() {
    }

    /**
     * Opens a channel of {@code type} on the session. JSch's {@code Session.openChannel} swallows a failure
     * and returns null when the session drops between its own check and the open (seen in CI: a connection
     * killed between two commands); that is a session that is down, so it is reported as one and the caller
     * reopens the connection as it would for any other "session is down".
     */
    @SuppressWarnings("unchecked")
    static <C extends Channel> C open(Session session, String type) throws JSchException {
        Channel ch = session.openChannel(type);
        if (ch == null) {
            throw new JSchException("session is down (the " + type + " channel could not be opened)");
        }
        return (C) ch;
    }

    /** JSch's messages for a channel the server never confirmed (nothing was requested on it yet). */
    private static boolean notOpened(JSchException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("channel is not opened") || m.contains("session is down") || duringOpen(e);
    }

    /**
     * Whether the failure arose while JSch was sending the channel open (e.g. the socket broke writing it):
     * Channel.connect opens first and only then sends the request, so nothing was requested yet.
     */
    private static boolean duringOpen(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getMethodName().equals("sendChannelOpen") && f.getClassName().startsWith("com.jcraft.jsch.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Opens the channel (and sends its request); a session's first open is watched by {@link FirstChannel}. */
    static void connect(Session session, Channel ch, int timeoutMillis) throws JSchException {
        FirstChannel first = FirstChannel.opening(session);
        try {
            if (timeoutMillis > 0) {
                ch.connect(timeoutMillis);
            } else {
                ch.connect();
            }
        } finally {
            if (first != null) {
                first.opened();
            }
        }
    }

    /**
     * @param timeoutMillis how long to keep trying, and how long each open (and request) may take; 0: no limit
     *                      but the attempts
     * @param ticker        measures that deadline and pauses between attempts
     */
    static <C extends Channel> C connect(Session session, String hostName, Factory<C> factory, int timeoutMillis,
                                         Ticker ticker) throws TransportException {
        JSchException last = null;
        long until = ticker.nanoTime() + timeoutMillis * 1_000_000L;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (!session.isConnected() || (timeoutMillis > 0 && ticker.nanoTime() - until > 0)) {
                break;
            }
            C ch;
            try {
                ch = factory.create(session);
            } catch (JSchException e) {
                last = e;
                continue;
            }
            try {
                connect(session, ch, timeoutMillis);
                return ch;
            } catch (JSchException e) {
                last = e;
                if (!notOpened(e)) {
                    // the open succeeded but sending the request failed: it may have reached the host
                    throw new ConnectionLostException(hostName + ": the SSH connection dropped while opening a"
                            + " channel: " + e.getMessage(), e);
                }
                try {
                    ticker.sleep(Duration.ofMillis(10L * (attempt + 1)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!session.isConnected() || last != null && String.valueOf(last.getMessage()).contains("session is down")) {
            throw new SessionDownException(hostName + ": the SSH connection is down", last);
        }
        throw new TransportException(hostName + ": the server refused a new channel: "
                + (last == null ? "interrupted" : last.getMessage())
                + " — is sshd's MaxSessions lower than 10 there?", last);
    }
}
