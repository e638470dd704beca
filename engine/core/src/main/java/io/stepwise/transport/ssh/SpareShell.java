package io.stepwise.transport.ssh;

import com.jcraft.jsch.Session;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * A connection's spare channel (see {@link SshConnection#exec}): a shell started for the next command once the
 * previous one has ended, while the step's end is recorded, opened on a thread of its own and holding one of the
 * connection's channel slots until a command takes it or it is closed.
 */
final class SpareShell {
    private final Semaphore slots;
    /** The spare being opened or open, and the session it is on; null: none. */
    private CompletableFuture<RemoteCommand.Ready> spare;
    private Session on;
    private boolean closed;

    SpareShell(Semaphore slots) {
        this.slots = slots;
    }

    /** Starts opening a spare on {@code s}; nothing when there is one, no slot is free, or after {@link #close}. */
    synchronized void prepare(Session s) {
        if (spare != null || closed || !slots.tryAcquire()) {
            return;
        }
        CompletableFuture<RemoteCommand.Ready> f = new CompletableFuture<>();
        spare = f;
        on = s;
        Thread t = new Thread(() -> {
            RemoteCommand.Ready r = null;
            try {
                r = RemoteCommand.spare(s);
            } finally {
                f.complete(r); // null after an Error too: take() then opens a channel of its own
            }
        }, "stepwise-ssh-spare");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The spare on {@code s} when its shell still waits (its slot then goes to the caller's command), waiting for
     * one still being opened; else null, the spare closed and its slot freed.
     */
    RemoteCommand.Ready take(Session s) {
        CompletableFuture<RemoteCommand.Ready> f;
        Session of;
        synchronized (this) {
            f = spare;
            of = on;
            spare = null;
            on = null;
        }
        if (f == null) {
            return null;
        }
        if (of != s) { // on a session replaced since (a reboot, a drop): not waited for
            discard(f);
            return null;
        }
        RemoteCommand.Ready r = f.join();
        if (r != null && r.waiting()) {
            return r;
        }
        discard(f);
        return null;
    }

    /** Closes the spare, if any, without waiting (before a stop, which may need its session slot on the host). */
    void drop() {
        CompletableFuture<RemoteCommand.Ready> f;
        synchronized (this) {
            f = spare;
            spare = null;
            on = null;
        }
        if (f != null) {
            discard(f);
        }
    }

    /** As {@link #drop}, and no spare is opened any more. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        drop();
    }

    /** Closes a spare and frees its slot when it is open (at once when it is). */
    private void discard(CompletableFuture<RemoteCommand.Ready> f) {
        f.whenComplete((r, e) -> {
            if (r != null) {
                r.discard();
            }
            slots.release();
        });
    }
}
