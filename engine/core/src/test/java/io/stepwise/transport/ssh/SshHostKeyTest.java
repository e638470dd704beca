package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.Host;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.model.Ticker;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.OutputListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strict host keys, client key types and ~/.ssh/config, against a real sshd. */
class SshHostKeyTest {
    @PrivateServer private static Sshd sshd;

    @Test
    void unknownHostIsRefusedWithTheFingerprintAndTheTrustCommand() throws Exception {
        Path empty = Files.writeString(sshd.dir().resolve("empty_known_hosts"), "");
        String marker = sshd.dir().resolve("ran-unknown").toString();
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM, "inv.yaml", null)) {
            var conn = c.connect(SshHosts.host("xop-a", SshHosts.settings(sshd, sshd.clientKey(), empty),
                    MysqlSettings.EMPTY));
            assertThatThrownBy(() -> conn.exec("touch " + marker, null, OutputListener.NONE))
                    .isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("unknown host key for xop-a ([127.0.0.1]:" + sshd.port() + ")")
                    .hasMessageContaining(fingerprint("ed25519"))
                    .hasMessageContaining("stepwise trust -i inv.yaml xop-a");
        }
        assertThat(Path.of(marker)).doesNotExist();
        assertThat(Files.readString(empty)).as("nothing added to known_hosts").isEmpty();
    }

    @Test
    void changedHostKeyIsRefusedLoudlyWithBothFingerprints() throws Exception {
        Path other = sshd.dir().resolve("other_host_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        String otherKey = Files.readString(Path.of(other + ".pub")).trim().split("\\s+", 3)[1];
        Path kh = Files.writeString(sshd.dir().resolve("changed_known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + otherKey + "\n");
        String before = Files.readString(kh);
        String marker = sshd.dir().resolve("ran-changed").toString();
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            var conn = c.connect(SshHosts.host("xop-a", SshHosts.settings(sshd, sshd.clientKey(), kh),
                    MysqlSettings.EMPTY));
            assertThatThrownBy(() -> conn.exec("touch " + marker, null, OutputListener.NONE))
                    .isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("HOST KEY CHANGED for xop-a")
                    .hasMessageContaining("man-in-the-middle")
                    .hasMessageContaining(fingerprint("ed25519"))
                    .hasMessageContaining(fingerprintOf(Path.of(other + ".pub")))
                    .hasMessageContaining("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "'");
        }
        assertThat(Path.of(marker)).doesNotExist();
        assertThat(Files.readString(kh)).as("known_hosts untouched").isEqualTo(before);
    }

    @Test
    void hashedKnownHostsEntriesAreAccepted() throws Exception {
        Path kh = sshd.dir().resolve("hashed_known_hosts");
        Files.copy(sshd.knownHosts(), kh);
        run("ssh-keygen", "-H", "-f", kh.toString());
        assertThat(Files.readString(kh)).startsWith("|1|").doesNotContain("127.0.0.1");
        assertThat(execOk(SshHosts.settings(sshd, sshd.clientKey(), kh))).isEqualTo("ok\n");
    }

    @Test
    void knownHostsWithOnlyAnRsaKeyStillMatches() throws Exception {
        Path kh = Files.writeString(sshd.dir().resolve("rsa_known_hosts"),
                "[127.0.0.1]:" + sshd.port() + " " + sshd.hostPublicKey("rsa") + "\n");
        assertThat(execOk(SshHosts.settings(sshd, sshd.clientKey(), kh))).isEqualTo("ok\n");
    }

    @Test
    void ecdsaAndRsaClientKeysAuthenticate() throws Exception {
        for (String type : List.of("ecdsa", "rsa")) {
            Path key = sshd.newClientKey(type);
            assertThat(execOk(SshHosts.settings(sshd, key, sshd.knownHosts()))).as(type).isEqualTo("ok\n");
        }
    }

    @Test
    void aKeyWithAPassphraseOrAnUnauthorizedKeyIsAClearError() throws Exception {
        Path locked = sshd.dir().resolve("locked_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", locked.toString());
        Path stranger = sshd.dir().resolve("stranger_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            var a = c.connect(SshHosts.host("xop-a", SshHosts.settings(sshd, locked, sshd.knownHosts()),
                    MysqlSettings.EMPTY));
            assertThatThrownBy(() -> a.exec("true", null, OutputListener.NONE))
                    .hasMessageContaining("has a passphrase");
            var b = c.connect(SshHosts.host("xop-b", SshHosts.settings(sshd, stranger, sshd.knownHosts()),
                    MysqlSettings.EMPTY));
            assertThatThrownBy(() -> b.exec("true", null, OutputListener.NONE))
                    .hasMessageContaining("the server refused the keys [" + stranger + "]")
                    .hasMessageContaining("authorized_keys");
        }
    }

    @Test
    void readsHostAliasUserPortAndIdentityFromSshConfig() throws Exception {
        Path config = Files.writeString(sshd.dir().resolve("ssh_config"), "Host xop-alias\n"
                + "  HostName 127.0.0.1\n  Port " + sshd.port() + "\n  User " + sshd.user() + "\n"
                + "  IdentityFile " + sshd.clientKey() + "\n  UserKnownHostsFile " + sshd.knownHosts() + "\n");
        Host host = new Host("xop-a", "xop-alias", List.of("primary"), Host.Connection.SSH, SshSettings.EMPTY,
                MysqlSettings.EMPTY, Map.of(), null);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM, null, config)) {
            SshConnection conn = c.connect(host);
            assertThat(conn.target().address()).isEqualTo("127.0.0.1");
            assertThat(conn.target().port()).isEqualTo(sshd.port());
            Captured out = new Captured();
            assertThat(conn.exec("echo ok", Duration.ofSeconds(20), out).exitCode()).isZero();
            assertThat(out.out()).isEqualTo("ok\n");
        }
    }

    @Test
    void sshConfigIsIgnoredWhenUseConfigIsFalse() throws Exception {
        Path config = Files.writeString(sshd.dir().resolve("ssh_config_ignored"),
                "Host 127.0.0.1\n  Port 1\n  User nobody-at-all\n");
        Host host = SshHosts.host("xop-a", sshd);
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM, null, config)) {
            assertThat(c.target(host).port()).isEqualTo(sshd.port());
            assertThat(c.target(host).user()).isEqualTo(sshd.user());
        }
    }

    @Test
    void fingerprintMatchesOpenSsh() throws Exception {
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            String b64 = sshd.hostPublicKey(type).split(" ")[1];
            assertThat(HostKeys.fingerprint(java.util.Base64.getDecoder().decode(b64))).isEqualTo(fingerprint(type));
        }
    }

    private static String execOk(SshSettings settings) throws Exception {
        try (SshConnector c = new SshConnector(null, Ticker.SYSTEM)) {
            Captured out = new Captured();
            var r = c.connect(SshHosts.host("xop-a", settings, MysqlSettings.EMPTY))
                    .exec("echo ok", Duration.ofSeconds(20), out);
            assertThat(r.exitCode()).isZero();
            return out.out();
        }
    }

    private static String fingerprint(String type) throws Exception {
        return fingerprintOf(sshd.dir().resolve("host_" + type + ".pub"));
    }

    /** What {@code ssh-keygen -lf} prints as the fingerprint. */
    private static String fingerprintOf(Path pub) throws Exception {
        return run("ssh-keygen", "-lf", pub.toString()).split("\\s+")[1];
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
