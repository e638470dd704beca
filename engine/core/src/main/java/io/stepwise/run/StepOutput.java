package io.stepwise.run;

import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.transport.OutputListener;

/**
 * Output of one attempt of a step on a host: split into lines, masked, shown as {@code [host] line},
 * stored with {@link RunStore#appendOutput}, and kept in memory (capped) for expect and capture.
 */
public final class StepOutput implements OutputListener {
    private static final int KEEP = 4 * 1024 * 1024;
    private static final int STORE_BATCH = 64 * 1024;
    private static final long STORE_EVERY_NANOS = 1_000_000_000L;

    private final Screen screen;
    private final RunStore store;
    private final StepKey key;
    private final String runId;
    private final int attempt;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder pendingOut = new StringBuilder();
    private final StringBuilder pendingErr = new StringBuilder();
    private final StringBuilder unstored = new StringBuilder();
    private String unstoredStream;
    private long storedAt = System.nanoTime();
    private boolean storeFailed;

    public StepOutput(Screen screen, RunStore store, String runId, StepKey key, int attempt) {
        this.screen = screen;
        this.store = store;
        this.runId = runId;
        this.key = key;
        this.attempt = attempt;
    }

    @Override
    public synchronized void stdout(String chunk) {
        keep(stdout, chunk);
        feed(pendingOut, chunk, "stdout");
    }

    @Override
    public synchronized void stderr(String chunk) {
        keep(stderr, chunk);
        feed(pendingErr, chunk, "stderr");
    }

    /** A line the engine itself reports for this step (e.g. a wait attempt, a query's rows). */
    public synchronized void note(String line) {
        emit(line, "engine");
    }

    /** Emits what is left without a final newline and stores everything not stored yet. */
    public synchronized void flush() {
        if (pendingOut.length() > 0) {
            emit(pendingOut.toString(), "stdout");
            pendingOut.setLength(0);
        }
        if (pendingErr.length() > 0) {
            emit(pendingErr.toString(), "stderr");
            pendingErr.setLength(0);
        }
        store();
    }

    public synchronized String stdoutText() {
        return stdout.toString();
    }

    public synchronized String stderrText() {
        return stderr.toString();
    }

    private static void keep(StringBuilder sb, String chunk) {
        if (sb.length() < KEEP) {
            sb.append(chunk, 0, Math.min(chunk.length(), KEEP - sb.length()));
        }
    }

    private void feed(StringBuilder pending, String chunk, String stream) {
        pending.append(chunk);
        int nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
            emit(pending.substring(0, nl), stream);
            pending.delete(0, nl + 1);
        }
    }

    private void emit(String line, String stream) {
        String masked = screen.mask(line);
        screen.line("[" + key.host() + "] " + masked);
        if (unstoredStream != null && !unstoredStream.equals(stream)) {
            store();
        }
        unstoredStream = stream;
        unstored.append(masked).append('\n');
        if (unstored.length() >= STORE_BATCH || System.nanoTime() - storedAt >= STORE_EVERY_NANOS) {
            store();
        }
    }

    /** Writes the batched output (lines of one stream) to the store: one write per batch, not per line. */
    private void store() {
        if (unstored.length() > 0 && !storeFailed) {
            try {
                store.appendOutput(runId, key.stepId(), key.host(), attempt, unstoredStream, unstored.toString());
            } catch (StoreException e) {
                storeFailed = true;
                screen.line("[" + key.host() + "] (output not stored: " + e.getMessage() + ")");
            }
        }
        unstored.setLength(0);
        storedAt = System.nanoTime();
    }
}
