package io.stepwise.transport.ssh;

import io.stepwise.transport.TransportException;

/**
 * The session was found down before a channel could be opened: nothing was started on the host, so
 * the caller may reconnect and try again (unlike a drop while a command runs, which is in doubt).
 */
final class SessionDownException extends TransportException {
    SessionDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
