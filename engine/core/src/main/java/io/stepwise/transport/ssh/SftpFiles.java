package io.stepwise.transport.ssh;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.stepwise.model.Ticker;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.TransportException;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
            Transfer t = new Transfer(ch, path);
            InputStream in = ch.get(path);
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    return t.guard(super::read);
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return t.guard(() -> super.read(b, off, len));
                }

                @Override
                public void close() throws IOException {
                    t.close(in);
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
            Transfer t = new Transfer(ch, path);
            OutputStream out = ch.put(path, ChannelSftp.OVERWRITE);
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    t.guard(() -> {
                        out.write(b, off, len);
                        return len;
                    });
                }

                @Override
                public void close() throws IOException {
                    t.close(out);
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

    /** One open stream's channel and file: its failures name a dropped connection; closing it gives the channel back. */
    private final class Transfer {
        private final ChannelSftp channel;
        private final String path;
        private boolean closed;

        Transfer(ChannelSftp channel, String path) {
            this.channel = channel;
            this.path = path;
        }

        /** An SFTP stream's read or write. */
        interface Io {
            int run() throws IOException;
        }

        int guard(Io io) throws IOException {
            try {
                return io.run();
            } catch (IOException e) {
                throw lost(e);
            }
        }

        /** Closes the SFTP stream once and releases the channel, even when closing failed. */
        void close(Closeable stream) throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                guard(() -> {
                    stream.close();
                    return 0;
                });
            } finally {
                opener.release(channel);
            }
        }

        private IOException lost(IOException e) {
            if (!dropped()) {
                return e;
            }
            return new IOException(hostName + ": the SSH connection dropped during the transfer of " + path,
                    new ConnectionLostException(hostName + ": connection dropped during the transfer of " + path, e));
        }
    }

    private boolean dropped() {
        return SessionDrop.dropped(ticker, opener::connected);
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
