package io.stepwise.transport.ssh;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.TransportException;

/**
 * Connects a channel, retrying briefly when the server refuses to open it: sshd counts a closed session
 * against MaxSessions until it has cleaned it up, so a refusal right after another channel closed is
 * transient. Only the channel open is retried: once it is open, the request that follows (exec,
 * subsystem) may have reached the server, so a failure from then on is in doubt
 * ({@link ConnectionLostException}) and is never sent again.
 */
final class ChannelRetry {
    private static final int ATTEMPTS = 20;
    /** What JSch says when the server refused or did not confirm the channel open (nothing was requested yet). */
    static final String NOT_OPENED = "channel is not opened.";

    /** Makes a fresh, unconnected channel with its streams (a refused channel cannot be reused). */
    interface Factory<C extends Channel> {
        C create(Session session) throws JSchException;
    }

    private ChannelRetry() {
    }

    /** The connection was down before a channel opened: nothing reached the host, so trying again is safe. */
    static final class NotOpened extends ConnectionLostException {
        NotOpened(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static <C extends Channel> C connect(Session session, String hostName, Factory<C> factory)
            throws TransportException {
        return connect(session, hostName, factory, 0);
    }

    /**
     * @param timeoutMillis how long to keep trying, and how long each open (and request) may take; 0: no limit
     *                      but the attempts
     */
    static <C extends Channel> C connect(Session session, String hostName, Factory<C> factory, int timeoutMillis)
            throws TransportException {
        JSchException last = null;
        long until = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (!session.isConnected() || (timeoutMillis > 0 && System.nanoTime() > until)) {
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
                if (timeoutMillis > 0) {
                    ch.connect(timeoutMillis);
                } else {
                    ch.connect();
                }
                return ch;
            } catch (JSchException e) {
                last = e;
                if (!openRefused(e)) {
                    throw new ConnectionLostException(hostName + ": the SSH channel failed after it opened ("
                            + e.getMessage() + "); the request may have reached the host, so its outcome is unknown",
                            e);
                }
                try {
                    Thread.sleep(10L * (attempt + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!session.isConnected()) {
            throw new NotOpened(hostName + ": the SSH connection is down", last);
        }
        throw new TransportException(hostName + ": the server refused a new channel: "
                + (last == null ? "interrupted" : last.getMessage())
                + " — is sshd's MaxSessions lower than 10 there?", last);
    }

    /** Whether the failure came from the channel open itself (JSch opens first, then sends the request). */
    static boolean openRefused(JSchException e) {
        String m = e.getMessage();
        return NOT_OPENED.equals(m) || "session is down".equals(m);
    }
}
