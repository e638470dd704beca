package io.stepwise.store.internal;

/**
 * Data in the store that Stepwise did not write as it is (a JSON column that does not parse): the file or
 * table was changed from outside. Unchecked because it arises inside row mappers; {@link JdbiRunStore}
 * turns it into a {@link io.stepwise.store.StoreException} with the store's name and the fix.
 */
final class CorruptStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
