package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Ticker;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The engine skips JSch's probe of each key exchange and signature algorithm before a login (it costs a key pair per
 * curve); every algorithm it offers still works when a server allows only that one.
 */
class KexChoiceTest {
    @PrivateServer(config = {"KexAlgorithms ecdh-sha2-nistp256"}) private static Sshd ecdh;
    @PrivateServer(config = {"KexAlgorithms diffie-hellman-group14-sha256"}) private static Sshd dh14;
    @PrivateServer(config = {"KexAlgorithms diffie-hellman-group-exchange-sha256"}) private static Sshd gex;
    @PrivateServer(config = {"KexAlgorithms curve25519-sha256@libssh.org", "HostKeyAlgorithms ssh-ed25519"})
    private static Sshd curve;

    private static void logsInAndRuns(Sshd sshd) throws Exception {
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            Captured out = new Captured();
            assertThat(c.connect(SshHosts.host("xop-k", sshd)).exec("echo in", Duration.ofSeconds(30), out).exitCode())
                    .isZero();
            assertThat(out.out()).isEqualTo("in\n");
        }
    }

    @Test
    void ecdhOnNistP256() throws Exception {
        logsInAndRuns(ecdh);
    }

    @Test
    void diffieHellmanGroup14() throws Exception {
        logsInAndRuns(dh14);
    }

    @Test
    void diffieHellmanGroupExchange() throws Exception {
        logsInAndRuns(gex);
    }

    @Test
    void curve25519WithAnEd25519HostKey() throws Exception {
        logsInAndRuns(curve);
    }
}
