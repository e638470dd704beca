package io.stepwise.web;

import io.stepwise.Engine;
import io.stepwise.run.RunException;
import io.stepwise.store.StoreException;
import java.io.PrintWriter;

/**
 * A confirm or reject from the web, recorded by the same code as {@code stepwise confirm/reject}: the
 * engine's facade, which checks that the step waits and records who decided. The channel (web) and the
 * client's address go with it.
 */
final class Decisions {
    private Decisions() {
    }

    static synchronized void decide(Engine engine, PrintWriter out, String runId, String stepId, boolean confirm,
                                    String note, String who, String address) throws RunException, StoreException {
        engine.decide(runId, stepId, null, confirm, note, who);
    }
}
