package io.stepwise.run;

import io.stepwise.store.OutputChunk;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import io.stepwise.transport.OutputListener;
import io.stepwise.view.Screen;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Output of one attempt of a step on a host: split into lines, masked, shown as {@code [host] line} at
 * once, kept in memory (capped) for expect and capture, and stored in batches.
 *
 * <p>Lines are not stored one transaction (one fsync) each: they collect in a batch that is written
 * when it reaches {@link #BATCH_BYTES}, when its oldest line is {@link #BATCH_AGE} old (a background
 * flush), and — for the rest — together with the step's outcome: the caller {@link #take takes} it
 * and the {@link Ledger} stores it in the same transaction as the event that ends the step. So the
 * output of a step that ended is stored in full before the engine moves on; a crash loses at most
 * the last {@link #BATCH_AGE} (or {@link #BATCH_BYTES}) of a running step's output, never a state.
 */
final class StepOutput implements OutputListener {
    /** A batch this large is written at once. */
    static final int BATCH_BYTES = 64 * 1024;
    /** A line waits at most this long before it is written. */
    static final Duration BATCH_AGE = Duration.ofSeconds(1);
    private static final int KEEP = 4 * 1024 * 1024;
    /** A step still running writes "still running after ..." to its history this often (seconds). */
    static final int HISTORY_TICKS = 60;
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stepwise-output-flush");
        t.setDaemon(true);
        return t;
    });
    /**
     * Stores batches, apart from the threads that show output and tick: a store that waits (another process
     * holds the SQLite write lock) delays the history, never the screen.
     */
    private static final java.util.concurrent.ExecutorService WRITER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stepwise-output-store");
        t.setDaemon(true);
        return t;
    });

    private final Screen screen;
    private final RunStore store;
    private final StepKey key;
    private final String runId;
    private final int attempt;
    private final Duration age;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder notes = new StringBuilder();
    private final StringBuilder pendingOut = new StringBuilder();
    private final StringBuilder pendingErr = new StringBuilder();
    /** The batch: chunks of other streams before, then the lines of {@code stream} in {@code current}. */
    private final List<OutputChunk> before = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private String stream;
    private long batchBytes;
    private boolean flushScheduled;
    private volatile boolean storeFailed;
    /** Batches taken from the screen's side, to be stored in this order ({@link #drain}). */
    private final java.util.ArrayDeque<List<OutputChunk>> queued = new java.util.ArrayDeque<>();
    /** Held while batches are stored; taken before this object's monitor, never after it. */
    private final Object writing = new Object();

    public StepOutput(Screen screen, RunStore store, String runId, StepKey key, int attempt) {
        this(screen, store, runId, key, attempt, BATCH_AGE);
    }

    StepOutput(Screen screen, RunStore store, String runId, StepKey key, int attempt, Duration age) {
        this.screen = screen;
        this.store = store;
        this.runId = runId;
        this.key = key;
        this.attempt = attempt;
        this.age = age;
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
        keep(notes, line + "\n");
        emit(line, "engine");
    }

    /** Where a step's durable progress goes as a structured event (the run's history; see {@link #progressTo}). */
    @FunctionalInterface
    public interface ProgressLog {
        void record(String text, Map<String, String> data) throws StoreException;
    }

    private volatile ProgressLog progressLog;

    /** Durable progress ({@link #progress(String, boolean, Map)}) is also recorded as an event through {@code log}. */
    public void progressTo(ProgressLog log) {
        this.progressLog = log;
    }

    /**
     * Progress of a long operation. {@code durable}: a line in the history and on the screen (a few a minute);
     * otherwise only the terminal's updating line, if there is a terminal.
     */
    public void progress(String text, boolean durable) {
        progress(text, durable, Map.of());
    }

    /**
     * As {@link #progress(String, boolean)}; a durable one is also recorded with {@code data} (bytes, total, rate,
     * time left) as a progress event of the step, for {@code status} and the console. A store that refuses it
     * (the run was interrupted) does not stop the operation: the step's own end reports the store.
     */
    public void progress(String text, boolean durable, Map<String, String> data) {
        if (!durable) {
            screen.progress("[" + key.host() + "] " + screen.mask(text));
            return;
        }
        note(text);
        ProgressLog log = progressLog;
        if (log != null) {
            try {
                log.record(text, data);
            } catch (StoreException | RuntimeException e) {
                // the history keeps the line above; the step's end reports a failing store
            }
        }
    }

    /** Shows that a long step is still running; {@link #close} stops it. */
    public final class Ticker implements AutoCloseable {
        private final long start = System.nanoTime();
        private final java.util.concurrent.ScheduledFuture<?> task;
        private long ticks;

        private Ticker() {
            task = FLUSHER.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        }

        private void tick() {
            ticks++;
            long secs = (System.nanoTime() - start) / 1_000_000_000L;
            if (ticks % HISTORY_TICKS == 0) {
                note("still running after " + Progress.duration(secs));
            } else if (ticks >= 2) {
                screen.progress("[" + key.host() + "] " + key.stepId() + ": running for " + Progress.duration(secs));
            }
        }

        @Override
        public void close() {
            task.cancel(false);
            screen.clearProgress();
        }
    }

    /**
     * Starts showing the time a running step has taken: on a terminal an updating line from its second
     * second on, and every {@link #HISTORY_TICKS} seconds a line in the history (and so in any log).
     */
    public Ticker ticking() {
        return new Ticker();
    }

    /** Emits what is left without a final newline (into the batch; see {@link #take}). */
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

    /**
     * The output not yet stored (partial lines included), for the caller to store with the step's
     * outcome; it is no longer this object's to write. Batches already being stored are stored first.
     */
    public List<OutputChunk> take() {
        synchronized (writing) {
            synchronized (this) {
                flush();
                List<OutputChunk> rest = new ArrayList<>();
                queued.forEach(rest::addAll);
                queued.clear();
                rest.addAll(chunks());
                clearBatch();
                return storeFailed ? List.of() : rest;
            }
        }
    }

    /** Stores what is not yet stored now, as its own write (when no event ends the step). */
    public void save() {
        synchronized (this) {
            flush();
            enqueue();
        }
        drain();
    }

    public synchronized String stdoutText() {
        return stdout.toString();
    }

    /** The lines the engine reported ({@link #note}), e.g. a query's rows. */
    public synchronized String notesText() {
        return notes.toString();
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
        if (storeFailed) {
            return;
        }
        if (!stream.equals(this.stream)) {
            if (current.length() > 0) {
                before.add(chunk(this.stream, current.toString()));
                current.setLength(0);
            }
            this.stream = stream;
        }
        current.append(masked).append('\n');
        batchBytes += masked.getBytes(StandardCharsets.UTF_8).length + 1;
        if (batchBytes >= BATCH_BYTES) {
            write();
        } else if (!flushScheduled) {
            flushScheduled = true;
            FLUSHER.schedule(this::due, age.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void due() {
        flushScheduled = false;
        write();
    }

    /** Hands the batch to the store's thread; the caller holds this object's monitor. */
    private void write() {
        if (enqueue()) {
            WRITER.execute(this::drain);
        }
    }

    private boolean enqueue() {
        List<OutputChunk> chunks = chunks();
        clearBatch();
        if (chunks.isEmpty() || storeFailed) {
            return false;
        }
        queued.add(chunks);
        return true;
    }

    /** Stores the queued batches in order; a store that waits holds up only this (never the screen). */
    private void drain() {
        synchronized (writing) {
            while (true) {
                List<OutputChunk> next;
                synchronized (this) {
                    next = queued.poll();
                }
                if (next == null || storeFailed) {
                    return;
                }
                try {
                    store.appendOutput(runId, next);
                } catch (StoreException | RuntimeException e) {
                    storeFailed = true;
                    screen.line("[" + key.host() + "] (output not stored: " + e.getMessage() + ")");
                }
            }
        }
    }

    private OutputChunk chunk(String stream, String text) {
        return new OutputChunk(key.stepId(), key.host(), attempt, stream, text);
    }

    /** The batch as chunks: one per run of lines of the same stream. */
    private List<OutputChunk> chunks() {
        List<OutputChunk> out = new ArrayList<>(before);
        if (current.length() > 0) {
            out.add(chunk(stream, current.toString()));
        }
        return out;
    }

    private void clearBatch() {
        before.clear();
        current.setLength(0);
        stream = null;
        batchBytes = 0;
    }
}
