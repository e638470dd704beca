package io.stepwise.transport.local;

import io.stepwise.model.Host;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SecretRef;
import io.stepwise.transport.Connector;
import io.stepwise.transport.HostConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Connections to this machine, one per inventory host with {@code connection: local}. */
public final class LocalConnector implements Connector {
    private final MysqlSettings inventoryMysql;
    private final Function<SecretRef, String> secrets;
    private final Map<String, LocalConnection> open = new HashMap<>();

    public LocalConnector(MysqlSettings inventoryMysql, Function<SecretRef, String> secrets) {
        this.inventoryMysql = inventoryMysql == null ? MysqlSettings.EMPTY : inventoryMysql;
        this.secrets = secrets;
    }

    @Override
    public synchronized HostConnection connect(Host host) {
        return open.computeIfAbsent(host.name(), n -> new LocalConnection(host,
                host.mysql() == null ? inventoryMysql : host.mysql().orElse(inventoryMysql), secrets));
    }

    /** Stops every command this connector's connections still run on this machine (Ctrl-C, shutdown). */
    @Override
    public java.util.List<io.stepwise.transport.Stopped> stopAll(java.time.Duration budget) {
        java.util.List<LocalConnection> conns;
        synchronized (this) {
            conns = java.util.List.copyOf(open.values());
        }
        return conns.stream().flatMap(c -> c.stopAll().stream()).toList();
    }

    @Override
    public synchronized void close() {
        open.values().forEach(LocalConnection::close);
        open.clear();
    }
}
