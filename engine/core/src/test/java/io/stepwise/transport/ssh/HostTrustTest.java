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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Fetching and adding host keys, as {@code stepwise trust} does. */
class HostTrustTest {
    @PrivateServer private static Sshd sshd;

    @Test
    void anUnknownKeyIsFetchedWithoutLoginThenAddedAndAccepted() throws Exception {
        Path kh = sshd.dir().resolve("new-dir/known_hosts");
        var host = SshHosts.host("xop-a", SshHosts.settings(sshd, sshd.clientKey(), kh), MysqlSettings.EMPTY);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            HostTrust trust = new HostTrust(c);
            HostKeyOffer offer = trust.offer(host);
            assertThat(offer.status()).isEqualTo(HostKeyOffer.Status.UNKNOWN);
            assertThat(offer.type()).isEqualTo("ssh-ed25519");
            assertThat(offer.knownName()).isEqualTo("[127.0.0.1]:" + sshd.port());
            assertThat(offer.fingerprint()).startsWith("SHA256:");
            trust.add(offer);
            assertThat(Files.readString(kh)).isEqualTo(offer.knownHostsLine() + "\n");
            assertThat(trust.offer(host).status()).isEqualTo(HostKeyOffer.Status.KNOWN);
            trust.add(trust.offer(host));
            assertThat(Files.readAllLines(kh)).as("not added twice").hasSize(1);
            assertThat(c.connect(host).exec("true", Duration.ofSeconds(10), OutputListener.NONE).exitCode()).isZero();
        }
    }

    @Test
    void aChangedKeyIsNeverReplaced() throws Exception {
        Path other = sshd.dir().resolve("trust_other_key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor();
        String otherKey = Files.readString(Path.of(other + ".pub")).trim().split("\\s+")[1];
        Path kh = Files.writeString(sshd.dir().resolve("trust_changed"),
                "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + otherKey + "\n");
        String before = Files.readString(kh);
        var host = SshHosts.host("xop-a", SshHosts.settings(sshd, sshd.clientKey(), kh), MysqlSettings.EMPTY);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            HostTrust trust = new HostTrust(c);
            HostKeyOffer offer = trust.offer(host);
            assertThat(offer.status()).isEqualTo(HostKeyOffer.Status.CHANGED);
            assertThat(offer.knownFingerprints()).hasSize(1).doesNotContain(offer.fingerprint());
            assertThatThrownBy(() -> trust.add(offer)).isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("refusing to replace")
                    .hasMessageContaining("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "' -f " + kh);
        }
        assertThat(Files.readString(kh)).isEqualTo(before);
    }
}
