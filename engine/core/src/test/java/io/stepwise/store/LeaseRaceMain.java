package io.stepwise.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A separate engine process for the lease race: waits for the go file, tries to take run's lease,
 * prints WON or LOCKED, then stays alive until the done file appears (so the other racer sees it alive).
 * Args: store location, run id, go file, done file.
 */
public final class LeaseRaceMain {
    private LeaseRaceMain() {
    }

    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[2]);
        Path done = Path.of(args[3]);
        try (RunStore store = RunStores.open(args[0], Clock.systemUTC())) {
            System.out.println("READY");
            System.out.flush();
            while (!Files.exists(go)) {
                Thread.sleep(2);
            }
            Holder me = new Holder("racer", "h1", ProcessHandle.current().pid(), Clock.systemUTC().instant());
            try {
                store.acquire(args[1], "c-" + args[1], me, Duration.ofSeconds(30));
                System.out.println("WON");
            } catch (LockedException e) {
                System.out.println("LOCKED " + e.getMessage());
            }
            System.out.flush();
            for (int i = 0; i < 6000 && !Files.exists(done); i++) {
                Thread.sleep(10);
            }
        }
    }
}
