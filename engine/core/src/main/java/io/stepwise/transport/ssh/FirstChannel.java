package io.stepwise.transport.ssh;

import com.jcraft.jsch.Session;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a session's first channel open from waiting 40 ms for a TCP acknowledgement.
 *
 * <p>Right after a login OpenSSH's sshd writes twice without being asked (its host keys,
 * {@code hostkeys-00@openssh.com}, then a second message), with Nagle's algorithm still on: it turns TCP_NODELAY on
 * only at the first exec. So its second write, and then its answer to our first channel open, wait in its kernel
 * until we acknowledge the write before, and Linux delays that acknowledgement by 40 ms when we have nothing to
 * send. Seen with strace on the bench's sshd: the open's confirmation left sshd 47 ms after the open arrived, and
 * the first step's channel open took 45 ms against 1 ms for the next ones.
 *
 * <p>While a session's first channel open waits, an SSH_MSG_IGNORE (which the server must ignore, RFC 4253 11.2)
 * goes out after 1, 2, 4, ... 32 ms: each carries our acknowledgement of what arrived so far. Nothing runs on the
 * host and nothing else is sent; later channel opens are left alone.
 */
final class FirstChannel {
    private static final long[] AFTER_MILLIS = {1, 2, 4, 8, 16, 32};
    /** Sessions logged in whose first channel open has not started yet. */
    private static final Map<Session, Boolean> FRESH = Collections.synchronizedMap(new WeakHashMap<>());

    private final Thread nudger;
    private volatile boolean done;
    private volatile int sent;

    private FirstChannel(Session session) {
        nudger = new Thread(() -> nudge(session), "stepwise-ssh-first-channel");
        nudger.setDaemon(true);
        nudger.start();
    }

    /** A session that just logged in: its first channel open will be watched. */
    static void loggedIn(Session session) {
        FRESH.put(session, Boolean.TRUE);
    }

    /** Starts watching when this is {@code session}'s first channel open; null otherwise. Stop it with {@link #opened}. */
    static FirstChannel opening(Session session) {
        return FRESH.remove(session) != null ? new FirstChannel(session) : null;
    }

    /** The channel open returned (opened or failed): no more messages. */
    void opened() {
        done = true;
        LockSupport.unpark(nudger);
    }

    /** For tests: waits until no more messages will go out, and says how many did. */
    int sentWhenDone() throws InterruptedException {
        nudger.join();
        return sent;
    }

    private void nudge(Session session) {
        for (long ms : AFTER_MILLIS) {
            long until = System.nanoTime() + ms * 1_000_000L;
            for (long left; !done && (left = until - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            if (done || !session.isConnected()) {
                return;
            }
            try {
                session.sendIgnore();
                sent++;
            } catch (Exception e) {
                return; // the channel open reports a session that broke
            }
        }
    }
}
