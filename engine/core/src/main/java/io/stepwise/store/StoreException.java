package io.stepwise.store;

/** The run store could not be opened, migrated, read or written. */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
