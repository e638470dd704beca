package io.stepwise.transport;

import io.stepwise.model.Host;

/**
 * Hands out one {@link HostConnection} per host for the whole run (opened lazily, reused for every
 * step) and closes them all at the end.
 */
public interface Connector extends AutoCloseable {
    HostConnection connect(Host host) throws TransportException;

    @Override
    void close();
}
