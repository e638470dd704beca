package io.stepwise.model;

import java.time.Duration;

/**
 * Monotonic time and pauses, the one way the engine waits: the runner's retries and wait polls, a decision
 * awaited from the console, the SSH transport's deadlines and retries (a command timeout, a refused channel,
 * a reboot), a webhook's retries and the store's wait for a busy file. Passed in ({@code Engine.Settings},
 * {@code SshConnector}), so that a test gives a fake one and checks retries and deadlines without sleeping;
 * {@link #SYSTEM} everywhere else. The local transport waits on its child process and pipes only.
 */
public interface Ticker {
    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}: only differences mean something. */
    long nanoTime();

    /** Pauses the calling thread. */
    void sleep(Duration d) throws InterruptedException;

    /** The machine's monotonic clock and real sleeps. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Thread.sleep(Math.max(0, d.toMillis()));
        }
    };
}
