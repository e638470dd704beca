package io.stepwise.transport.ssh;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.Session;
import io.stepwise.model.Host;
import io.stepwise.model.Ticker;
import io.stepwise.transport.DataPipe;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.SqlClient;
import io.stepwise.transport.TransportException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * One host over one SSH session, shared by every step of the run and reopened when it dropped
 * between steps. Commands and SFTP streams each take an SSH channel; at most {@link #SLOTS} run at
 * once, which keeps one slot of sshd's default MaxSessions (10) free for stopping a timed-out command.
 */
final class SshConnection implements HostConnection {
    /** Session channels used at once by commands and file streams. */
    static final int SLOTS = 9;

    private final Host host;
    private final SshTarget target;
    private final SessionOpener opener;
    private final Ticker ticker;
    private final Semaphore slots = new Semaphore(SLOTS, true);
    private final RemoteCommand commands;
    private final SftpFiles files;
    private final SqlTunnel sql;
    private Session session;
    private boolean closed;
    private final SpareShell spare = new SpareShell(slots);
    /** Whether {@link #open} is connecting now. */
    private volatile boolean opening;
    /**
     * Why {@link #open} could not connect after trying for {@link #SLOW_FAILURE} or more (a host that does not
     * answer): a use that waited for that attempt reports it rather than wait its connect timeout a second time.
     * A quick failure is not kept (a server that dropped one of many logins at once tries again at first use).
     */
    private TransportException openFailure;
    static final long SLOW_FAILURE = 5_000_000_000L;

    SshConnection(Host host, SshTarget target, SessionOpener opener, Ticker ticker, SqlTunnel.Secrets secrets) {
        this.host = host;
        this.target = target;
        this.opener = opener;
        this.ticker = ticker;
        this.commands = new RemoteCommand(host.name(), ticker);
        this.commands.beforeStop(spare::drop);
        this.files = new SftpFiles(host.name(), new SftpSlots(), ticker);
        this.sql = new SqlTunnel(host, secrets);
    }

    /** Ctrl-C: the commands under way on this connection now; no other command goes out on it after this. */
    java.util.List<RemoteCommand.Running> stopping() {
        return commands.stopping();
    }

    @Override
    public String hostName() {
        return host.name();
    }

    /** Where this connection goes, after the inventory and ~/.ssh/config were applied. */
    public SshTarget target() {
        return target;
    }

    @Override
    public synchronized void open() {
        if (closed || session != null) {
            return;
        }
        opening = true;
        long t0 = ticker.nanoTime();
        try {
            session(false);
        } catch (TransportException | RuntimeException e) {
            if (ticker.nanoTime() - t0 >= SLOW_FAILURE) {
                openFailure = e instanceof TransportException t ? t : new TransportException(host.name() + ": " + e, e);
            }
        } finally {
            opening = false;
        }
    }

    /** The open session, connecting (again) when there is none or it dropped. */
    Session session() throws TransportException {
        boolean waitsForOpen = opening;
        synchronized (this) {
            return session(waitsForOpen);
        }
    }

    private synchronized Session session(boolean waitedForOpen) throws TransportException {
        if (closed) {
            throw new TransportException(host.name() + ": the connection was closed at the end of the run");
        }
        TransportException failed = openFailure;
        openFailure = null;
        if (failed != null && waitedForOpen) {
            throw failed;
        }
        if (session == null || !session.isConnected()) {
            if (session != null) {
                sql.close();
                opener.close(session);
            }
            session = opener.open(target);
        }
        return session;
    }

    /** The current session without connecting, or null. */
    synchronized Session currentSession() {
        return session;
    }

    /**
     * Runs a command. Its channel is the spare one when there is one: a shell started on this session when the
     * previous command ended (while its end and this one's start were recorded), waiting for its script. So the
     * channel open, the exec request and the shell's start are not between a step's recorded start and its command;
     * what is: the script's first line and the pid it reports (the connection is alive now), then the command, sent
     * only now, when the caller has recorded the start. A spare whose shell is gone is dropped and a new channel opened, as without one.
     */
    @Override
    public ExecResult exec(String command, Duration timeout, OutputListener listener) throws TransportException {
        OutputListener l = listener == null ? OutputListener.NONE : listener;
        Session s = session();
        RemoteCommand.Ready ready = spare.take(s);
        if (ready == null) {
            acquire();
        }
        try {
            try {
                return commands.run(s, ready, command, timeout, l, () -> spare.prepare(s));
            } catch (SessionDownException e) {
                // dropped between steps and not yet noticed: nothing started, so reconnect and start it
                Session again = replace(s);
                return commands.run(again, null, command, timeout, l, () -> spare.prepare(again));
            }
        } finally {
            slots.release();
        }
    }

    /** A new session in place of {@code dead} (unless another thread replaced it already). */
    synchronized Session replace(Session dead) throws TransportException {
        if (session == dead) {
            spare.drop(); // its slot is free at once, not at the next command
            opener.close(dead);
            session = null;
        }
        return session();
    }

    @Override
    public SqlClient sql(String database) throws TransportException {
        return sql.client(sql.direct() ? null : session(), database);
    }

    @Override
    public InputStream openRead(String path) throws TransportException {
        return files.openRead(path);
    }

    @Override
    public OutputStream openWrite(String path, String mode) throws TransportException {
        return files.openWrite(path, mode);
    }

    @Override
    public DataPipe pipe(String command) throws TransportException {
        Session s = session();
        acquire();
        try {
            try {
                return SshPipe.start(host.name(), s, command, slots::release, ticker);
            } catch (SessionDownException e) {
                return SshPipe.start(host.name(), replace(s), command, slots::release, ticker);
            }
        } catch (TransportException | RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    @Override
    public String mode(String path) throws TransportException {
        return files.mode(path);
    }

    @Override
    public void reboot(Duration timeout, OutputListener notes) throws TransportException {
        new Reboot(this, ticker, notes).run(timeout);
    }

    /** Replaces the session after a reboot: the old one is gone. */
    synchronized void reconnect() throws TransportException {
        spare.drop();
        if (session != null) {
            opener.close(session);
            session = null;
        }
        session();
    }

    /** Closes the SQL clients, the tunnel and the session. */
    public synchronized void close() {
        closed = true;
        spare.close();
        sql.close();
        if (session != null) {
            opener.close(session);
            session = null;
        }
    }

    private void acquire() throws TransportException {
        if (slots.tryAcquire()) {
            return;
        }
        spare.drop(); // a pipe or a file transfer needs the slot more than a shell kept for a command to come
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(host.name() + ": interrupted while waiting for a free SSH channel", e);
        }
    }

    /** SFTP channels, each holding one slot until its stream is closed. */
    private final class SftpSlots implements SftpFiles.Opener {
        @Override
        public ChannelSftp open() throws TransportException {
            Session s = session();
            acquire();
            try {
                try {
                    return ChannelRetry.connect(s, host.name(), SftpSlots::sftp, 0, ticker);
                } catch (SessionDownException e) {
                    return ChannelRetry.connect(replace(s), host.name(), SftpSlots::sftp, 0, ticker);
                }
            } catch (TransportException | RuntimeException e) {
                slots.release();
                throw e;
            }
        }

        private static ChannelSftp sftp(Session session) throws com.jcraft.jsch.JSchException {
            return ChannelRetry.open(session, "sftp");
        }

        @Override
        public void release(ChannelSftp channel) {
            channel.disconnect();
            slots.release();
        }

        @Override
        public boolean connected() {
            Session s = currentSession();
            return s != null && s.isConnected();
        }
    }
}
