package io.stepwise;

import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.SecretRef;
import io.stepwise.transport.Connector;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.TransportException;
import io.stepwise.transport.local.LocalConnector;
import io.stepwise.transport.ssh.SshAuth;
import io.stepwise.transport.ssh.SshConnector;
import java.util.function.Function;

/**
 * The connector for an inventory: each host reached the way its {@code connection:} says. SSH comes
 * over JSch; a {@code manual} host has no connection (only manual steps may target it).
 */
final class Connectors {
    private Connectors() {
    }

    /**
     * @param secrets resolves password references; the database passwords are resolved here once so that
     *                their values are known for masking
     */
    static Connector forInventory(Inventory inventory, Function<SecretRef, String> secrets) {
        return forInventory(inventory, secrets, SshAuth.fromEnvironment(secrets));
    }

    /** As {@link #forInventory(Inventory, Function)}; {@code auth} gives SSH logins their agent and passphrases. */
    static Connector forInventory(Inventory inventory, Function<SecretRef, String> secrets, SshAuth auth) {
        if (inventory.mysql() != null && inventory.mysql().password() != null) {
            secrets.apply(inventory.mysql().password());
        }
        for (Host h : inventory.hosts()) {
            if (h.mysql() != null && h.mysql().password() != null) {
                secrets.apply(h.mysql().password());
            }
        }
        return new Dispatching(inventory, secrets, auth);
    }

    private static final class Dispatching implements Connector {
        private final Inventory inventory;
        private final Function<SecretRef, String> secrets;
        private final SshAuth auth;
        private final LocalConnector local;
        private Connector sshConnector;

        Dispatching(Inventory inventory, Function<SecretRef, String> secrets, SshAuth auth) {
            this.inventory = inventory;
            this.secrets = secrets;
            this.auth = auth;
            this.local = new LocalConnector(inventory.mysql(), secrets);
        }

        @Override
        public HostConnection connect(Host host) throws TransportException {
            Host.Connection c = host.connection() == null ? Host.Connection.SSH : host.connection();
            switch (c) {
                case LOCAL:
                    return local.connect(host);
                case MANUAL:
                    throw new TransportException(host.name() + " has connection: manual, so Stepwise cannot reach it;"
                            + " only manual steps may target its roles");
                default:
                    return sshConnector().connect(host);
            }
        }

        private synchronized Connector sshConnector() throws TransportException {
            if (sshConnector == null) {
                sshConnector = SshConnector.forInventory(inventory, secrets, auth);
            }
            return sshConnector;
        }

        @Override
        public java.util.List<io.stepwise.transport.Stopped> stopAll(java.time.Duration budget) {
            Connector ssh;
            synchronized (this) {
                ssh = sshConnector;
            }
            java.util.List<io.stepwise.transport.Stopped> all = new java.util.ArrayList<>(local.stopAll(budget));
            if (ssh != null) {
                all.addAll(ssh.stopAll(budget));
            }
            return all;
        }

        @Override
        public synchronized void close() {
            local.close();
            if (sshConnector != null) {
                sshConnector.close();
            }
        }
    }
}
