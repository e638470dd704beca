package io.stepwise.transport;

/** The connection dropped while an operation was under way: its outcome is unknown (the step is in doubt). */
public class ConnectionLostException extends TransportException {
    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
