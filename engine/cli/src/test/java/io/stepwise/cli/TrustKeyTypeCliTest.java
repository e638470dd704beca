package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code stepwise trust} refuses a host whose known key is of another type than the one it now offers. */
class TrustKeyTypeCliTest {
    @PrivateServer(config = {"HostKeyAlgorithms ecdsa-sha2-nistp256"}) private static Sshd sshd;

    @Test
    void aKeyOfAnotherTypeIsNotAddedAndTheOperatorIsToldHowToRemoveTheOldOne() throws Exception {
        Path kh = Files.writeString(sshd.dir().resolve("kh"),
                "[127.0.0.1]:" + sshd.port() + " " + sshd.hostPublicKey("ed25519") + "\n");
        String before = Files.readString(kh);
        Path inv = Files.writeString(sshd.dir().resolve("inv.yaml"), "cluster: lab\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                + ", known_hosts: " + kh + ", use_config: false}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "trust", "-i", inv.toString(), "--yes");
        assertThat(code).as(out + "" + err).isEqualTo(ExitCode.REFUSED);
        assertThat(err.toString()).contains("HOST KEY CHANGED").contains("man-in-the-middle")
                .contains("ssh-ed25519 SHA256:").contains("ecdsa-sha2-nistp256 SHA256:")
                .contains("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "' -f " + kh);
        assertThat(out.toString()).doesNotContain("added");
        assertThat(Files.readString(kh)).isEqualTo(before);
    }
}
