package io.stepwise.transport;

/**
 * A host key was unknown or changed. Never bypassed silently: the message carries the SHA256
 * fingerprint and, for an unknown key, the {@code stepwise trust} command that accepts it.
 */
public class HostKeyException extends TransportException {
    public HostKeyException(String message) {
        super(message);
    }
}
