package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code stepwise trust} against a real sshd. */
class TrustCommandTest {
    @PrivateServer private static Sshd sshd;

    record Result(int code, String out, String err) {
    }

    @Test
    void showsTheFingerprintAddsWithYesAndThenReportsItKnown() throws Exception {
        Path kh = sshd.dir().resolve("trust-cli-1");
        Path inv = inventory("inv1.yaml", kh);
        Result r = run(null, "trust", "-i", inv.toString(), "--yes");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("xop-a ([127.0.0.1]:" + sshd.port() + "): ssh-ed25519 SHA256:")
                .contains("added to " + kh);
        assertThat(Files.readString(kh)).startsWith("[127.0.0.1]:" + sshd.port() + " ssh-ed25519 AAAA");
        Result again = run(null, "trust", "-i", inv.toString(), "xop-a");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already trusted");
        assertThat(Files.readAllLines(kh)).hasSize(1);
    }

    @Test
    void asksBeforeAddingAndAddsNothingWithoutAYes() throws Exception {
        Path kh = sshd.dir().resolve("trust-cli-2");
        Path inv = inventory("inv2.yaml", kh);
        Result no = run("n\n", "trust", "-i", inv.toString());
        assertThat(no.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(no.out()).contains("[y/N]");
        assertThat(no.err()).contains("xop-a: not added");
        assertThat(kh).doesNotExist();
        Result noInput = run("", "trust", "-i", inv.toString());
        assertThat(noInput.code()).isEqualTo(ExitCode.REFUSED);
        Result ok = run("y\n", "trust", "-i", inv.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readAllLines(kh)).hasSize(1);
    }

    @Test
    void refusesToReplaceAChangedKey() throws Exception {
        Path other = sshd.dir().resolve("cli-other-key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor();
        String key = Files.readString(Path.of(other + ".pub")).trim().split("\\s+")[1];
        Path kh = Files.writeString(sshd.dir().resolve("trust-cli-3"),
                "[127.0.0.1]:" + sshd.port() + " ssh-ed25519 " + key + "\n");
        String before = Files.readString(kh);
        Result r = run(null, "trust", "-i", inventory("inv3.yaml", kh).toString(), "--yes");
        assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.err()).contains("HOST KEY CHANGED").contains("man-in-the-middle")
                .contains("ssh-keygen -R '[127.0.0.1]:" + sshd.port() + "' -f " + kh);
        assertThat(Files.readString(kh)).isEqualTo(before);
    }

    @Test
    void aKeyKnownOnlyForTheAddressOnPort22IsNoKeyOfThisPort() throws Exception {
        Path other = sshd.dir().resolve("cli-port22-key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor();
        String key = Files.readString(Path.of(other + ".pub")).trim().split("\\s+")[1];
        Path kh = Files.writeString(sshd.dir().resolve("trust-cli-5"), "127.0.0.1 ssh-ed25519 " + key + "\n");
        Result r = run(null, "trust", "-i", inventory("inv5.yaml", kh).toString(), "--yes");
        assertThat(r.code()).as("as OpenSSH: [127.0.0.1]:PORT is not 127.0.0.1 " + r.err()).isZero();
        assertThat(r.out()).contains("(not in " + kh + ")", "added to " + kh);
        assertThat(Files.readAllLines(kh)).hasSize(2).element(1).asString()
                .startsWith("[127.0.0.1]:" + sshd.port() + " ssh-ed25519 ");
    }

    @Test
    void aHashedLineForThePortIsKnown() throws Exception {
        Path kh = sshd.dir().resolve("trust-cli-6");
        Files.copy(sshd.knownHosts(), kh);
        Process hash = new ProcessBuilder("ssh-keygen", "-q", "-H", "-f", kh.toString()).redirectErrorStream(true).start();
        assertThat(hash.waitFor()).isZero();
        assertThat(Files.readString(kh)).startsWith("|1|").doesNotContain("127.0.0.1");
        Result r = run(null, "trust", "-i", inventory("inv6.yaml", kh).toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("already trusted");
    }

    @Test
    void aRevokedKeyIsNotTrusted() throws Exception {
        Path kh = sshd.dir().resolve("trust-cli-7");
        String line = Files.readAllLines(sshd.knownHosts()).stream().filter(l -> l.contains("ssh-ed25519")).findFirst()
                .orElseThrow();
        Files.writeString(kh, "@revoked " + line + "\n" + line + "\n");
        Result r = run(null, "trust", "-i", inventory("inv7.yaml", kh).toString(), "--yes");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.out()).doesNotContain("already trusted");
    }

    @Test
    void anUnknownHostNameIsBadInput() throws Exception {
        Result r = run(null, "trust", "-i", inventory("inv4.yaml", sshd.dir().resolve("kh4")).toString(), "xop-z");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("no host named 'xop-z' (hosts: xop-a)");
    }

    private Path inventory(String name, Path knownHosts) throws Exception {
        return Files.writeString(sshd.dir().resolve(name), "cluster: lab\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                + ", known_hosts: " + knownHosts + ", use_config: false}\n");
    }

    private static Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }
}
