package io.stepwise.store;

import java.util.Locale;

/**
 * What a person (or the engine on their behalf) decided, as recorded in a
 * {@link RunEvent.EventType#DECISION} event's {@code decision} field. The stored spelling is {@link #wire()}.
 */
public enum Decision {
    /** A manual step was done and checked. */
    CONFIRM,
    /** A manual step was not right; the note says why. */
    REJECT,
    /** Run an in-doubt step again. */
    RETRY,
    /** Record an in-doubt or failed step as done without running it. */
    ASSUME_DONE,
    /** Run an optional step. */
    RUN_OPTIONAL,
    /** Skip an optional step. */
    SKIP_OPTIONAL,
    /** Give a captured value that a step assumed done could not supply. */
    SET,
    /** Give up the whole run. */
    ABANDON,
    /** Go on although the procedure or inventory changed in steps that already ran. */
    ACCEPT_CHANGES;

    /** The data key under which a decision is stored. */
    public static final String KEY = "decision";

    /** As stored: {@code assume-done}, {@code run-optional}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The decision stored as {@code wire}; null when it is none. */
    public static Decision of(String wire) {
        for (Decision d : values()) {
            if (d.wire().equals(wire)) {
                return d;
            }
        }
        return null;
    }

    /** The decision an event records (a DECISION event, or a run-state change made by one); null when none. */
    public static Decision of(RunEvent e) {
        return e.data() == null ? null : of(e.data().get(KEY));
    }

    @Override
    public String toString() {
        return wire();
    }
}
