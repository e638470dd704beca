package io.stepwise.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A channel's output stream before the command it will carry is chosen ({@link RemoteCommand.Ready}): what arrives
 * (a login script's greeting) is kept, and handed on, in order, to the stream it is {@link #bind bound} to, which
 * then gets everything else, its close included.
 */
final class HeldOutput extends OutputStream {
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    private OutputStream target;
    private boolean closed;

    /** From now on everything goes to {@code to}, starting with what was kept; a close seen already is passed on. */
    synchronized void bind(OutputStream to) throws IOException {
        target = to;
        held.writeTo(to);
        held = null;
        if (closed) {
            to.close();
        }
    }

    /** Whether the channel closed this stream (its command, or the shell waiting for one, is gone). */
    synchronized boolean closed() {
        return closed;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (target != null) {
            target.write(b, off, len);
        } else {
            held.write(b, off, len);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (target != null) {
            target.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (target != null) {
            target.close();
        }
    }
}
