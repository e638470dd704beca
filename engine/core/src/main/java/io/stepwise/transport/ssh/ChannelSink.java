package io.stepwise.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
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
    /** Arrays of this size are reused (OpenSSH sends at most 16 KiB a packet to JSch); larger ones are not. */
    static final int PACKET = 32 * 1024;
    private static final Packet EOF = new Packet(new byte[0], 0);

    /** A packet's bytes: the first {@code length} of {@code data}. */
    private record Packet(byte[] data, int length) {
    }

    private final BlockingQueue<Packet> packets;
    /** Emptied arrays, so that a transfer of gigabytes does not leave gigabytes of garbage behind. */
    private final BlockingQueue<byte[]> free;
    private volatile boolean abandoned;

    ChannelSink(int packets) {
        this.packets = new ArrayBlockingQueue<>(packets);
        this.free = new ArrayBlockingQueue<>(packets + 2);
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
                    byte[] data = len <= PACKET ? free.poll() : null;
                    if (data == null) {
                        data = new byte[Math.max(len, PACKET)];
                    }
                    System.arraycopy(b, off, data, 0, len);
                    hand(new Packet(data, len));
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
            private Packet current;
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
                if (current == null || pos == current.length()) {
                    if (current != null && current.data().length == PACKET) {
                        free.offer(current.data());
                    }
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
                int n = Math.min(len, current.length() - pos);
                System.arraycopy(current.data(), pos, b, off, n);
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

    private void hand(Packet packet) throws IOException {
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
