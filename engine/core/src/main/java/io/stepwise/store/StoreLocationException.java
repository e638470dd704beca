package io.stepwise.store;

/** The store's location cannot be a store (an unknown {@code jdbc:} scheme) or names no store: bad input. */
public class StoreLocationException extends StoreException {
    public StoreLocationException(String message) {
        super(message);
    }
}
