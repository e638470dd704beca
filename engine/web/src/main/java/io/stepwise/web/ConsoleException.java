package io.stepwise.web;

/** The console cannot start as asked: a bad --listen, TLS missing for a non-loopback address, a port in use. */
public final class ConsoleException extends Exception {
    public ConsoleException(String message) {
        super(message);
    }

    public ConsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
