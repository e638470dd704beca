package io.stepwise.run;

import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.DataPipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Moves the bytes of one copy from the source's stdout to the target's stdin: a reader thread fills
 * buffers and hashes them, the calling thread writes them, so decrypting, hashing and encrypting run at
 * once (on two SSH sessions JSch also has a thread per session). At most {@link #BUFFERS} buffers of
 * {@link #BUFFER} bytes are in flight.
 */
final class CopyStream {
    static final int BUFFER = 256 * 1024;
    static final int BUFFERS = 16;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final MessageDigest digest = newDigest();
    private volatile IOException readFailure;
    private long moved;

    private record Chunk(byte[] data, int length) {
    }

    CopyStream() {
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER]);
        }
    }

    /**
     * Copies until the source's stdout ends; progress gets the bytes written so far (plus {@code offset}).
     *
     * @throws IOException when reading or writing failed; a cause {@link ConnectionLostException} means a
     *                     connection dropped
     */
    void run(DataPipe src, DataPipe dst, long offset, Progress progress) throws IOException {
        Thread reader = new Thread(() -> read(src.stdout()), "stepwise-copy-read");
        reader.setDaemon(true);
        reader.start();
        OutputStream out = dst.stdin();
        try {
            while (true) {
                Chunk c = full.take();
                if (c.data == END) {
                    break;
                }
                out.write(c.data, 0, c.length);
                moved += c.length;
                free.add(c.data);
                progress.at(offset + moved);
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            reader.interrupt();
        }
        if (readFailure != null) {
            throw readFailure;
        }
    }

    /** Bytes written to the target. */
    long moved() {
        return moved;
    }

    /** The SHA-256 (hex) of the bytes read from the source. */
    String sha256() {
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private void read(InputStream in) {
        try {
            while (true) {
                byte[] buf = free.take();
                int n = in.readNBytes(buf, 0, buf.length);
                if (n > 0) {
                    digest.update(buf, 0, n);
                    full.put(new Chunk(buf, n));
                }
                if (n < buf.length) {
                    break;
                }
            }
        } catch (IOException e) {
            readFailure = e;
        } catch (RuntimeException e) {
            readFailure = new IOException(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(in);
            return;
        }
        try {
            full.put(new Chunk(END, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer gave up: what still arrives is dropped, so the connection's own thread never waits for us. */
    private static void abandon(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // dropped either way
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
