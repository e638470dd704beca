package io.stepwise.run;

import java.time.Duration;

/** Waits between attempts (retries, wait polls). Injected so tests need not sleep for real. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps on the current thread. */
    Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
