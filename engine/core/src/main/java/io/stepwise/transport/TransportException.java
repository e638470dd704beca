package io.stepwise.transport;

/** A host could not be reached or an operation on it failed; the message names the host and what to do. */
public class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
