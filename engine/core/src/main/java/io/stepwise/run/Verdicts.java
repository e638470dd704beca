package io.stepwise.run;

import io.stepwise.model.StepState;
import io.stepwise.model.Ticker;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunStore;
import io.stepwise.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the engine waiting at a step made of a decision just recorded: it went on, or it refused the
 * decision because the evidence changed (with both values), or it has not acted yet. Lets the deciding
 * channel ({@code stepwise confirm}, the console) tell the person at once.
 */
public final class Verdicts {
    /** How often the store is read while waiting for the engine. */
    static final Duration POLL = Duration.ofMillis(100);

    /** The engine's answer to a decision. */
    public record Verdict(Kind kind, String detail, Duration after) {
        /** What the engine did. */
        public enum Kind { WENT_ON, REFUSED, NOT_YET }
    }

    private Verdicts() {
    }

    /** Reads the run's events after {@code decision} until the engine acted on it, or {@code limit} passed. */
    public static Verdict await(RunStore store, String runId, RunEvent decision, Clock clock, Ticker ticker,
                                Duration limit) throws StoreException, InterruptedException {
        Instant start = clock.instant();
        Instant end = start.plus(limit);
        long after = decision.seq();
        while (true) {
            for (RunEvent e : store.eventsAfter(runId, after)) {
                after = Math.max(after, e.seq());
                if (e.type() == RunEvent.EventType.DECISION_REFUSED && e.data() != null
                        && String.valueOf(decision.seq()).equals(e.data().get("decision_seq"))) {
                    return new Verdict(Verdict.Kind.REFUSED, e.note(), Duration.between(start, clock.instant()));
                }
                if (e.type() == RunEvent.EventType.STEP_STATE && decision.stepId().equals(e.stepId())
                        && (decision.host() == null || decision.host().equals(e.host()))
                        && e.state() != StepState.WAITING_FOR_PERSON) {
                    return new Verdict(Verdict.Kind.WENT_ON, e.state().name().toLowerCase(java.util.Locale.ROOT),
                            Duration.between(start, clock.instant()));
                }
            }
            if (!clock.instant().isBefore(end)) {
                return new Verdict(Verdict.Kind.NOT_YET, null, limit);
            }
            ticker.sleep(POLL);
        }
    }
}
