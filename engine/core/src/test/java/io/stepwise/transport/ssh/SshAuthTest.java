package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.model.Ticker;
import io.stepwise.run.Secrets;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.SshAgent;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Logging in with the keys operators really have: in a real ssh-agent (given by $SSH_AUTH_SOCK or the
 * inventory), and encrypted key files (passphrase asked once, from the environment or a prompt).
 */
class SshAuthTest {
    private static final String PASS = "correct horse; $(touch /tmp/no) battery";
    @PrivateServer private static Sshd sshd;

    @Test
    void keyHeldOnlyByTheAgentLogsIn() throws Exception {
        Path key = newKey("agent-only", "");
        sshd.authorize(key);
        try (SshAgent agent = SshAgent.start()) {
            agent.add(key);
            // the file is then encrypted: a login that read it would need a passphrase (none is given)
            run("ssh-keygen", "-q", "-p", "-P", "", "-N", PASS, "-f", key.toString());
            SshSettings s = SshHosts.settings(sshd, key, sshd.knownHosts());
            List<Path> asked = new ArrayList<>();
            try (SshConnector c = connector(new SshAuth(agent.socket().toString(), (k, h, w) -> {
                asked.add(k);
                return null;
            }))) {
                assertThat(whoami(c.connect(SshHosts.host("xop-a", s, MysqlSettings.EMPTY)))).isEqualTo(sshd.user());
            }
            assertThat(asked).as("the agent holds the key: no passphrase asked").isEmpty();
            assertThat(agent.list()).as("nothing added to the agent").hasLineCount(1);
        }
    }

    @Test
    void agentSocketFromTheInventoryAndNoneTurnsItOff() throws Exception {
        Path key = newKey("agent-inventory", "");
        sshd.authorize(key);
        Path unauthorized = newKey("not-authorized", "");
        try (SshAgent agent = SshAgent.start()) {
            agent.add(key);
            SshSettings viaInventory = SshHosts.settings(sshd, unauthorized, sshd.knownHosts())
                    .withAgent(agent.socket().toString());
            try (SshConnector c = connector(new SshAuth(null, KeyPassphrases.NONE))) {
                assertThat(whoami(c.connect(SshHosts.host("xop-a", viaInventory, MysqlSettings.EMPTY))))
                        .isEqualTo(sshd.user());
            }
            SshSettings off = SshHosts.settings(sshd, unauthorized, sshd.knownHosts()).withAgent("none");
            try (SshConnector c = connector(new SshAuth(agent.socket().toString(), KeyPassphrases.NONE))) {
                HostConnection conn = c.connect(SshHosts.host("xop-a", off, MysqlSettings.EMPTY));
                assertThatThrownBy(() -> whoami(conn))
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("xop-a")
                        .hasMessageContaining("the server refused the keys [" + unauthorized + "] and no agent");
            }
        }
    }

    @Test
    void encryptedKeyIsDecryptedOnceAndReusedAfterADrop() throws Exception {
        Path key = newKey("encrypted", PASS);
        sshd.authorize(key);
        List<Boolean> asked = new ArrayList<>();
        SshAuth auth = new SshAuth(null, (k, h, wrong) -> {
            assertThat(k).isEqualTo(key);
            assertThat(h).isEqualTo("xop-a");
            asked.add(wrong);
            return asked.size() == 1 ? "not it" : PASS;
        });
        try (SshConnector c = connector(auth)) {
            HostConnection conn = c.connect(SshHosts.host("xop-a", SshHosts.settings(sshd, key, sshd.knownHosts()),
                    MysqlSettings.EMPTY));
            assertThat(whoami(conn)).isEqualTo(sshd.user());
            sshd.killConnections();
            assertThat(whoami(conn)).as("reconnected with the key decrypted before").isEqualTo(sshd.user());
        }
        assertThat(asked).as("asked again once after a wrong answer, never after the drop").containsExactly(false, true);
    }

    @Test
    void encryptedKeyWithoutPassphraseSaysHowToGiveOneAndNeverShowsIt() throws Exception {
        Path key = newKey("no-passphrase-given", PASS);
        sshd.authorize(key);
        SshSettings s = SshHosts.settings(sshd, key, sshd.knownHosts());
        try (SshConnector c = connector(new SshAuth(null, KeyPassphrases.NONE))) {
            HostConnection conn = c.connect(SshHosts.host("xop-a", s, MysqlSettings.EMPTY));
            assertThatThrownBy(() -> whoami(conn))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("xop-a: the key " + key + " has a passphrase and none was given")
                    .hasMessageContaining("ssh-add " + key)
                    .hasMessageContaining("STEPWISE_SECRET_SSH_PASSPHRASE");
        }
        try (SshConnector c = connector(new SshAuth(null, (k, h, w) -> w ? null : "wrong " + PASS))) {
            HostConnection conn = c.connect(SshHosts.host("xop-a", s, MysqlSettings.EMPTY));
            assertThatThrownBy(() -> whoami(conn))
                    .hasMessageContaining("the passphrase given for the key " + key + " does not decrypt it")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASS));
        }
    }

    @Test
    void passphraseFromTheEnvironmentSecretIsMasked() throws Exception {
        Path key = newKey("env-secret", PASS);
        sshd.authorize(key);
        Secrets secrets = new Secrets(Map.of("STEPWISE_SECRET_SSH_PASSPHRASE", PASS)::get);
        try (SshConnector c = connector(new SshAuth(secrets.agentSocket(), secrets::sshPassphrase))) {
            assertThat(whoami(c.connect(SshHosts.host("xop-a", SshHosts.settings(sshd, key, sshd.knownHosts()),
                    MysqlSettings.EMPTY)))).isEqualTo(sshd.user());
        }
        assertThat(secrets.forMasking()).containsValue(PASS);
    }

    private static SshConnector connector(SshAuth auth) {
        return new SshConnector(null, Ticker.SYSTEM, "inv.yaml", null, ref -> null, auth);
    }

    private static String whoami(HostConnection conn) throws TransportException {
        Captured out = new Captured();
        ExecResult r = conn.exec("id -un", Duration.ofSeconds(30), out);
        assertThat(r.exitCode()).as(out.err()).isZero();
        return out.out().trim();
    }

    private static Path newKey(String name, String passphrase) throws Exception {
        Path key = sshd.dir().resolve("key-" + name);
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", key.toString());
        return key;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

}
