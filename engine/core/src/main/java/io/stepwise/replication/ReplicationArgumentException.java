package io.stepwise.replication;

import io.stepwise.transport.TransportException;

/** A replication step's argument is missing, unknown or not a safe value; nothing was sent to the server. */
class ReplicationArgumentException extends TransportException {
    public ReplicationArgumentException(String message) {
        super(message);
    }
}
