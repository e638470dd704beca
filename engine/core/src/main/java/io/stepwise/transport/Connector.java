package io.stepwise.transport;

import io.stepwise.model.Host;

/**
 * Hands out one {@link HostConnection} per host for the whole run (opened lazily, reused for every
 * step) and closes them all at the end.
 */
public interface Connector extends AutoCloseable {
    HostConnection connect(Host host) throws TransportException;

    /**
     * Stops every command under way on this connector's connections (Ctrl-C): on their hosts, all at once,
     * waiting at most {@code budget}. Returns one entry per command, saying whether its stop was confirmed on
     * its host. Safe from any thread.
     */
    java.util.List<Stopped> stopAll(java.time.Duration budget);

    @Override
    void close();
}
