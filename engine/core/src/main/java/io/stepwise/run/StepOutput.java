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

    private final Screen screen;
    private final RunStore store;
    private final StepKey key;
    private final String runId;
    private final int attempt;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder pendingOut = new StringBuilder();
    private final StringBuilder pendingErr = new StringBuilder();
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

    /** Emits what is left without a final newline. */
    public synchronized void flush() {
        if (pendingOut.length() > 0) {
            emit(pendingOut.toString(), "stdout");
            pendingOut.setLength(0);
        }
        if (pendingErr.length() > 0) {
            emit(pendingErr.toString(), "stderr");
            pendingErr.setLength(0);
        }
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
        if (!storeFailed) {
            try {
                store.appendOutput(runId, key.stepId(), key.host(), attempt, stream, masked + "\n");
            } catch (StoreException e) {
                storeFailed = true;
                screen.line("[" + key.host() + "] (output not stored: " + e.getMessage() + ")");
            }
        }
    }
}
