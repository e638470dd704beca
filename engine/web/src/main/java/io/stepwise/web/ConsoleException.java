package io.stepwise.web;

/** The console cannot start as asked: a bad --listen, TLS missing for a non-loopback address, a port in use. */
public final class ConsoleException extends Exception {
    ConsoleException(String message) {
        super(message);
    }

    ConsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
