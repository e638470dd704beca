package io.stepwise.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.Session;
import io.stepwise.model.Ticker;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.DataPipe;
import io.stepwise.transport.DataPipe.StderrBuffer;
import io.stepwise.transport.TransportException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A {@link DataPipe} on one SSH exec channel. Data goes through JSch's channel streams directly (no SFTP
 * request/acknowledge round trips): see docs/performance.md for why.
 */
final class SshPipe implements DataPipe {
    /** Packets of stdout (16 KiB each from OpenSSH) that may wait for the reader: 4 MiB. */
    static final int SINK_PACKETS = 256;

    private final String hostName;
    private final Session session;
    private final ChannelExec channel;
    private final InputStream stdout;
    private final OutputStream stdin;
    private final OutputStream rawStdin;
    private final StderrBuffer stderr;
    private final Runnable release;
    private final Ticker ticker;
    private boolean stdinClosed;
    private boolean closed;

    private SshPipe(String hostName, Session session, Streams s, Runnable release, Ticker ticker) {
        this.hostName = hostName;
        this.ticker = ticker;
        this.session = session;
        this.channel = s.channel;
        this.stderr = s.stderr;
        this.release = release;
        this.rawStdin = s.stdin;
        this.stdout = new FilterInputStream(s.stdout) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw lost(e);
                }
            }
        };
        this.stdin = new FilterOutputStream(s.stdin) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw lost(e);
                }
            }

            @Override
            public void close() throws IOException {
                closeStdin();
            }
        };
    }

    /** The channel with its streams, made before it connects (JSch wants them set up first). */
    private static final class Streams {
        ChannelExec channel;
        InputStream stdout;
        OutputStream stdin;
        StderrBuffer stderr;
    }

    /**
     * Opens the channel and starts {@code command}; {@code release} gives the channel slot back on close, and
     * {@code ticker} paces the waits on the channel.
     */
    static SshPipe start(String hostName, Session session, String command, Runnable release, Ticker ticker)
            throws TransportException {
        Streams s = new Streams();
        ChannelRetry.connect(session, hostName, sess -> {
            ChannelExec ch = ChannelRetry.open(sess, "exec");
            ch.setCommand(command);
            s.stderr = new StderrBuffer();
            ch.setErrStream(s.stderr, true);
            try {
                ChannelSink sink = new ChannelSink(SINK_PACKETS);
                ch.setOutputStream(sink.output(), false);
                s.stdout = sink.input();
                s.stdin = ch.getOutputStream();
            } catch (IOException e) {
                throw new com.jcraft.jsch.JSchException("cannot set up the channel's streams: " + e.getMessage(), e);
            }
            s.channel = ch;
            return ch;
        }, 0, ticker);
        return new SshPipe(hostName, session, s, release, ticker);
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public int exitStatus() throws TransportException {
        try {
            closeStdin();
        } catch (IOException e) {
            // the channel is gone already; its status tells
        }
        // stdout not read by now is not wanted; dropping it keeps JSch's session thread from blocking on it
        // (it would then never see the connection drop)
        closeQuietly(stdout);
        while (!channel.isClosed()) {
            if (!session.isConnected()) {
                break;
            }
            try {
                ticker.sleep(Duration.ofMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException(hostName + ": interrupted while waiting for a transfer to end", e);
            }
        }
        int status = channel.getExitStatus();
        if (status < 0 || !channel.isClosed()) {
            throw new ConnectionLostException(hostName + ": the SSH connection dropped during a transfer"
                    + " (no exit status arrived)", null);
        }
        return status;
    }

    @Override
    public String stderr() {
        return stderr.text();
    }

    @Override
    public boolean connected() {
        return session.isConnected();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(stdout);
        channel.disconnect();
        release.run();
    }

    private synchronized void closeStdin() throws IOException {
        if (!stdinClosed) {
            stdinClosed = true;
            try {
                rawStdin.close(); // flushes, then sends EOF
            } catch (IOException e) {
                throw lost(e);
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do: it is being dropped
        }
    }

    /** An IOException caused by a dropped connection carries a {@link ConnectionLostException}. */
    private IOException lost(IOException e) {
        // a closed channel ends the wait early: exitStatus() then tells whether the connection dropped
        if (!SessionDrop.dropped(ticker, session::isConnected, channel::isClosed)) {
            return e;
        }
        return new IOException(hostName + ": the SSH connection dropped during a transfer",
                new ConnectionLostException(hostName + ": the SSH connection dropped during a transfer", e));
    }
}
