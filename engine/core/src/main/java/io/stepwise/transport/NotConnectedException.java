package io.stepwise.transport;

/**
 * The host could not be reached or logged in to (address, port, keys, passphrase, jump host): nothing was
 * sent to it, so nothing ran there and the step can simply be tried again once the cause is fixed.
 */
public class NotConnectedException extends TransportException {
    public NotConnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
