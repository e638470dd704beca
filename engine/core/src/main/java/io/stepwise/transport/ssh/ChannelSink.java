package io.stepwise.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A channel's stdout handed from JSch's session thread to a reader: the session thread writes each data
 * packet into {@link #output()}, the reader takes them from {@link #input()}. It replaces JSch's
 * {@code getInputStream()}, a {@link java.io.PipedInputStream}: a reader waiting on an empty pipe is not
 * woken when data arrives, only when the pipe is full or after a second, so on a busy machine a
 * transfer crawled from one wake-up to the next (5 MB/s at load 20 on 2 cores). Here the hand-over is a
 * blocking queue, which wakes the reader at once. At most {@code packets} packets wait: then the session
 * thread blocks, JSch stops granting window, and the server stops sending.
 */
final class ChannelSink {
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> packets;
    private volatile boolean abandoned;

    ChannelSink(int packets) {
        this.packets = new ArrayBlockingQueue<>(packets);
    }

    /** Written by JSch's session thread; closing it (end of data, channel closed) ends the input. */
    OutputStream output() {
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0 && !closed) {
                    hand(Arrays.copyOfRange(b, off, off + len));
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    hand(EOF);
                }
            }
        };
    }

    /** Read by the consumer; closing it drops whatever still arrives. */
    InputStream input() {
        return new InputStream() {
            private byte[] current;
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (current == null || pos == current.length) {
                    try {
                        current = packets.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for data");
                    }
                    pos = 0;
                    if (current == EOF) {
                        packets.offer(EOF); // every later read sees the end too
                        current = null;
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public void close() {
                abandoned = true;
                packets.clear();
            }
        };
    }

    private void hand(byte[] packet) throws IOException {
        try {
            while (!abandoned) {
                if (packets.offer(packet, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing over data");
        }
    }
}
