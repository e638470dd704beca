package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.MysqlSettings;
import io.stepwise.model.Ticker;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.OutputListener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * known_hosts has a key for the host, but of another type than the server now offers: OpenSSH calls that
 * a changed host key (possible man-in-the-middle), and so does Stepwise — never "unknown", never trusted.
 */
class HostKeyTypeTest {
    @PrivateServer(config = {"HostKeyAlgorithms ecdsa-sha2-nistp256"}) private static Sshd sshd;

    private Path knownHostsWithOnlyEd25519(String name) throws Exception {
        return Files.writeString(sshd.dir().resolve(name),
                "[127.0.0.1]:" + sshd.port() + " " + sshd.hostPublicKey("ed25519") + "\n");
    }

    @Test
    void aKeyOfAnotherTypeIsRefusedAsChanged() throws Exception {
        Path kh = knownHostsWithOnlyEd25519("kh-type-1");
        String marker = sshd.dir().resolve("ran-type").toString();
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM, "inv.yaml", null)) {
            var conn = c.connect(SshHosts.host("xop-a", SshHosts.settings(sshd, sshd.clientKey(), kh),
                    MysqlSettings.EMPTY));
            assertThatThrownBy(() -> conn.exec("touch " + marker, null, OutputListener.NONE))
                    .isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("HOST KEY CHANGED for xop-a")
                    .hasMessageContaining("man-in-the-middle")
                    .hasMessageContaining("ssh-ed25519")
                    .hasMessageContaining("ecdsa-sha2-nistp256")
                    .hasMessageContaining("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "'")
                    .hasMessageNotContaining("stepwise trust -i inv.yaml xop-a and");
        }
        assertThat(Path.of(marker)).doesNotExist();
    }

    @Test
    void trustRefusesToAddAKeyOfAnotherType() throws Exception {
        Path kh = knownHostsWithOnlyEd25519("kh-type-2");
        String before = Files.readString(kh);
        var host = SshHosts.host("xop-a", SshHosts.settings(sshd, sshd.clientKey(), kh), MysqlSettings.EMPTY);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            HostTrust trust = new HostTrust(c);
            HostKeyOffer offer = trust.offer(host);
            assertThat(offer.type()).isEqualTo("ecdsa-sha2-nistp256");
            assertThat(offer.status()).isEqualTo(HostKeyOffer.Status.CHANGED);
            assertThat(offer.knownFingerprints()).hasSize(1).allMatch(s -> s.startsWith("ssh-ed25519 SHA256:"));
            assertThatThrownBy(() -> trust.add(offer)).isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("refusing")
                    .hasMessageContaining("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "' -f " + kh);
        }
        assertThat(Files.readString(kh)).as("known_hosts untouched").isEqualTo(before);
    }
}
