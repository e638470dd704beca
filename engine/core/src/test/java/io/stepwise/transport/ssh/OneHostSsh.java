package io.stepwise.transport.ssh;

import io.stepwise.model.Ticker;
import io.stepwise.testing.Sshd;

/**
 * A private sshd with one open connection to it, for test classes that share both; {@link #close()}
 * stops whatever was started, also when connecting failed.
 */
record OneHostSsh(Sshd sshd, SshConnector connector, SshConnection conn) implements AutoCloseable {
    static OneHostSsh start() throws Exception {
        Sshd sshd = Sshd.start();
        SshConnector connector = new SshConnector(null, Ticker.SYSTEM);
        try {
            return new OneHostSsh(sshd, connector, connector.connect(SshHosts.host("xop-a", sshd)));
        } catch (Exception | Error e) {
            connector.close();
            sshd.close();
            throw e;
        }
    }

    @Override
    public void close() {
        connector.close();
        sshd.close();
    }
}
