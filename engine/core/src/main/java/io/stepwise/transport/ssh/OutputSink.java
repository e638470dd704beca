package io.stepwise.transport.ssh;

import io.stepwise.transport.OutputListener;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where JSch writes a command's stdout or stderr: decodes UTF-8 as it arrives (a character split
 * across two packets is kept until complete) and hands each chunk to the listener at once. Nothing is
 * kept beyond one packet, so output of any size streams in constant memory.
 */
final class OutputSink extends OutputStream {
    private final Consumer<String> target;
    private final Runnable onClose;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private CharBuffer chars = CharBuffer.allocate(8192);
    private boolean closed;
    private volatile RuntimeException failure;

    private OutputSink(Consumer<String> target, Runnable onClose) {
        this.target = target;
        this.onClose = onClose;
    }

    static OutputSink stdout(OutputListener listener, Runnable onClose) {
        return new OutputSink(listener::stdout, onClose);
    }

    static OutputSink stderr(OutputListener listener, Runnable onClose) {
        return new OutputSink(listener::stderr, onClose);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (closed || len == 0) {
            return;
        }
        ByteBuffer in;
        if (pending.hasRemaining()) {
            in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(b, off, len).flip();
        } else {
            in = ByteBuffer.wrap(b, off, len);
        }
        decode(in, false);
        pending = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : ByteBuffer.allocate(0);
    }

    private void decode(ByteBuffer in, boolean end) {
        int needed = (int) (in.remaining() * 1.1) + 16;
        if (chars.capacity() < needed) {
            chars = CharBuffer.allocate(needed);
        }
        chars.clear();
        decoder.decode(in, chars, end);
        if (end) {
            decoder.flush(chars);
        }
        chars.flip();
        if (chars.hasRemaining() && failure == null) {
            try {
                target.accept(chars.toString());
            } catch (RuntimeException e) {
                // JSch's session thread calls us: an exception here would end the whole session
                failure = e;
            }
        }
    }

    /** The first exception the listener threw (the rest of the output was dropped), or null. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            decode(pending, true);
            pending = ByteBuffer.allocate(0);
        }
        if (onClose != null) {
            onClose.run();
        }
    }
}
