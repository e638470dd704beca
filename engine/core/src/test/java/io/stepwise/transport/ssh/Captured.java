package io.stepwise.transport.ssh;

import io.stepwise.transport.OutputListener;

/** An output listener that keeps what it got (for small outputs in tests). */
final class Captured implements OutputListener {
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();

    @Override
    public synchronized void stdout(String chunk) {
        out.append(chunk);
    }

    @Override
    public synchronized void stderr(String chunk) {
        err.append(chunk);
    }

    synchronized String out() {
        return out.toString();
    }

    synchronized String err() {
        return err.toString();
    }
}
