package io.stepwise;

import io.stepwise.StepwiseException.Kind;
import io.stepwise.load.LoadException;
import io.stepwise.load.Problem;
import io.stepwise.run.Outcome;
import io.stepwise.run.RunException;
import io.stepwise.store.LockedException;
import io.stepwise.store.StoreException;
import io.stepwise.transport.TransportException;

/**
 * The one place where the stages' exceptions become the facade's {@link StepwiseException} kinds. Anything
 * else (a bug) passes through unchanged, so it is never mistaken for a user error.
 */
final class Failures {
    /** A facade call's body. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    private Failures() {
    }

    /** Runs {@code work}; a known failure leaves it as a {@link StepwiseException}. */
    static <T> T guard(Work<T> work) throws StepwiseException {
        try {
            return work.run();
        } catch (RuntimeException e) {
            StepwiseException s = of(e);
            if (s == null) {
                throw e;
            }
            throw s;
        } catch (Exception e) {
            StepwiseException s = of(e);
            if (s == null) {
                throw new IllegalStateException("unexpected " + e, e);
            }
            throw s;
        }
    }

    /** The facade's form of {@code e}, or null when {@code e} is not a failure the stages declare. */
    static StepwiseException of(Exception e) {
        if (e instanceof StepwiseException s) {
            return s;
        }
        if (e instanceof LoadException l) {
            return new StepwiseException(Kind.BAD_INPUT, l.errors().size() + (l.errors().size() == 1 ? " error" : " errors") + "; nothing ran",
                    l.problems().stream().map(Problem::toString).toList(), l);
        }
        if (e instanceof RunException r) {
            Kind kind = r.badInput() ? Kind.BAD_INPUT : r.outcome() == Outcome.REFUSED ? Kind.REFUSED : Kind.FAILED;
            return new StepwiseException(kind, r.getMessage(), java.util.List.of(), r);
        }
        if (e instanceof LockedException l) {
            return new StepwiseException(Kind.REFUSED, l.getMessage(), java.util.List.of(), l);
        }
        if (e instanceof StoreException s) {
            String message = s.getMessage() != null && s.getMessage().startsWith("run store") ? s.getMessage()
                    : "run store: " + s.getMessage();
            return new StepwiseException(s instanceof io.stepwise.store.StoreLocationException ? Kind.BAD_INPUT
                    : Kind.STORE, message, java.util.List.of(), s);
        }
        if (e instanceof TransportException t) {
            return new StepwiseException(Kind.FAILED, t.getMessage(), java.util.List.of(), t);
        }
        return null;
    }
}
