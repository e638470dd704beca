package io.stepwise.store;

/** A store opened only to read it does not exist: no run has been recorded there. */
public final class NoStoreException extends StoreLocationException {
    public NoStoreException(String message) {
        super(message);
    }
}
