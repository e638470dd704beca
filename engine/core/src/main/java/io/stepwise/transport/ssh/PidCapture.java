package io.stepwise.transport.ssh;

import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Sits in front of a command's stderr and takes out the one line the wrapper prints first: the
 * remote shell's pid, which is also its process group (sshd starts every command in a new session).
 * Everything else passes through unchanged.
 */
final class PidCapture extends OutputStream {
    static final String MARKER = "\u001estepwise-pid ";
    private static final int MAX_LINE = 8192;

    private final OutputStream next;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile long pid = -1;
    private boolean done;
    /** Open until the pid line came or the stream closed without it. */
    private final java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);

    PidCapture(OutputStream next) {
        this.next = next;
    }

    /** Waits up to {@code millis} for the pid line (or the stream's end without it); true when either came. */
    boolean awaitReported(long millis) throws InterruptedException {
        return reported.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The remote process group, or -1 when the wrapper has not reported it (yet). */
    long pid() {
        return pid;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (!done && i < end) {
            byte c = b[i++];
            line.write(c);
            if (c == '\n' || line.size() >= MAX_LINE) {
                lineDone();
            }
        }
        if (done && i < end) {
            next.write(b, i, end - i);
        }
    }

    private void lineDone() throws IOException {
        String s = line.toString(StandardCharsets.UTF_8);
        if (s.startsWith(MARKER) && s.endsWith("\n")) {
            try {
                pid = Long.parseLong(s.substring(MARKER.length()).trim());
            } catch (NumberFormatException e) {
                pid = -1;
            }
            done = true;
            reported.countDown();
        } else {
            line.writeTo(next);
        }
        line.reset();
    }

    @Override
    public synchronized void close() throws IOException {
        if (line.size() > 0) {
            line.writeTo(next);
            line.reset();
        }
        reported.countDown();
        next.close();
    }
}
