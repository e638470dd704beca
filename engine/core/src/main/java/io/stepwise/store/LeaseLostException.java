package io.stepwise.store;

/**
 * A write of an engine whose run another holder has taken over (see {@link RunStore#acquire}): refused, so that
 * two engines never both record the same run. The engine stops; the new holder settles what was running.
 */
public final class LeaseLostException extends StoreException {
    public LeaseLostException(String message) {
        super(message);
    }
}
