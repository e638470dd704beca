package io.stepwise.transport.ssh;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.stepwise.model.Ticker;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.TransportException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Files on a host over SFTP, streamed: each open stream has its own SFTP channel, closed with it. A
 * stream that fails because the connection dropped throws an {@link IOException} whose cause is a
 * {@link ConnectionLostException}.
 */
final class SftpFiles {
    /** Opens a connected SFTP channel and gives it back when done. */
    interface Opener {
        ChannelSftp open() throws TransportException;

        void release(ChannelSftp channel);

        boolean connected();
    }

    private final String hostName;
    private final Opener opener;
    private final Ticker ticker;

    SftpFiles(String hostName, Opener opener, Ticker ticker) {
        this.hostName = hostName;
        this.opener = opener;
        this.ticker = ticker;
    }

    InputStream openRead(String path) throws TransportException {
        ChannelSftp ch = opener.open();
        try {
            InputStream in = ch.get(path);
            return new FilterInputStream(in) {
                private boolean closed;

                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (IOException e) {
                        throw lost(e, path);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        throw lost(e, path);
                    }
                }

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    try {
                        super.close();
                    } finally {
                        opener.release(ch);
                    }
                }
            };
        } catch (SftpException e) {
            opener.release(ch);
            throw error("read", path, e);
        }
    }

    OutputStream openWrite(String path, String mode) throws TransportException {
        ChannelSftp ch = opener.open();
        try {
            if (mode != null) {
                // create (or truncate) and set the mode before any data is written
                ch.put(new ByteArrayInputStream(new byte[0]), path, ChannelSftp.OVERWRITE);
                ch.chmod(Integer.parseInt(mode, 8), path);
            }
            OutputStream out = ch.put(path, ChannelSftp.OVERWRITE);
            return new FilterOutputStream(out) {
                private boolean closed;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        throw lost(e, path);
                    }
                }

                @Override
                public void close() throws IOException {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    try {
                        out.close();
                    } catch (IOException e) {
                        throw lost(e, path);
                    } finally {
                        opener.release(ch);
                    }
                }
            };
        } catch (SftpException e) {
            opener.release(ch);
            throw error("write", path, e);
        } catch (NumberFormatException e) {
            opener.release(ch);
            throw new TransportException(hostName + ": mode '" + mode + "' for " + path
                    + " is not octal — write it like \"0644\"");
        }
    }

    String mode(String path) throws TransportException {
        ChannelSftp ch = opener.open();
        try {
            return String.format("%04o", ch.stat(path).getPermissions() & 07777);
        } catch (SftpException e) {
            throw error("stat", path, e);
        } finally {
            opener.release(ch);
        }
    }

    private IOException lost(IOException e, String path) {
        if (!dropped()) {
            return e;
        }
        return new IOException(hostName + ": the SSH connection dropped during the transfer of " + path,
                new ConnectionLostException(hostName + ": connection dropped during the transfer of " + path, e));
    }

    /**
     * Whether the session went down. A write can fail on the broken socket a moment before JSch's
     * session thread notices and marks the session down, so a failure waits up to 2 s for that.
     */
    private boolean dropped() {
        long until = ticker.nanoTime() + 2_000_000_000L;
        while (opener.connected() && ticker.nanoTime() - until < 0) {
            try {
                ticker.sleep(Duration.ofMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return !opener.connected();
    }

    private TransportException error(String what, String path, SftpException e) {
        boolean answered = e.getCause() == null && e.id != ChannelSftp.SSH_FX_FAILURE
                && e.id != ChannelSftp.SSH_FX_NO_CONNECTION && e.id != ChannelSftp.SSH_FX_CONNECTION_LOST;
        if (!answered && dropped()) {
            return new ConnectionLostException(hostName + ": the SSH connection dropped while opening " + path, e);
        }
        String why = switch (e.id) {
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> "no such file or directory";
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> "permission denied";
            default -> e.getMessage();
        };
        return new TransportException(hostName + ": cannot " + what + " " + path + ": " + why);
    }
}
