package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.Host;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.model.Ticker;
import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.Sshd;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.TransportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ProxyJump through real sshds: a jump host and a target (and a second jump host for a chain), host keys
 * checked strictly on every hop, from the inventory and from ~/.ssh/config.
 */
class ProxyJumpTest {
    @PrivateServer private static Sshd jump;
    @PrivateServer private static Sshd target;
    private static Path knownBoth;

    @BeforeAll
    static void start() throws Exception {
        jump.authorize(target.clientKey());
        knownBoth = target.dir().resolve("known_both");
        Files.writeString(knownBoth, Files.readString(jump.knownHosts()) + Files.readString(target.knownHosts()));
    }

    @Test
    void inventoryProxyJumpReachesTheTargetThroughTheJumpHost() throws Exception {
        SshSettings s = settings(knownBoth).withProxyJump(jump.user() + "@127.0.0.1:" + jump.port());
        try (SshConnector c = connector(null)) {
            HostConnection conn = c.connect(host(s));
            assertThat(run(conn, "echo $((6*7))")).isEqualTo("42");
            assertThat(jump.connectionProcesses()).as("the session runs through the jump host").isNotEmpty();
            assertThat(((SshConnection) conn).target().jumps()).extracting(SshTarget::port).containsExactly(jump.port());
        }
    }

    @Test
    void aChainOfTwoJumpHostsFromSshConfig() throws Exception {
        try (Sshd second = Sshd.start()) {
            second.authorize(target.clientKey());
            Path known = second.dir().resolve("known_all");
            Files.writeString(known, Files.readString(knownBoth) + Files.readString(second.knownHosts()));
            Path config = second.dir().resolve("ssh_config");
            Files.writeString(config, String.join("\n",
                    "Host xop-a-alias",
                    "    HostName 127.0.0.1",
                    "    Port " + target.port(),
                    "    ProxyJump bastion2",
                    "Host bastion2",
                    "    HostName 127.0.0.1",
                    "    Port " + second.port(),
                    "    ProxyJump bastion1",
                    "Host bastion1",
                    "    HostName 127.0.0.1",
                    "    Port " + jump.port(),
                    ""));
            SshSettings s = new SshSettings(target.user(), null, target.clientKey().toString(), known.toString(),
                    Duration.ofSeconds(5), Duration.ofSeconds(5), true);
            Host h = new Host("xop-a", "xop-a-alias", List.of("primary"), Host.Connection.SSH, s, MysqlSettings.EMPTY,
                    Map.of(), null);
            try (SshConnector c = new SshConnector(null, Ticker.SYSTEM, "inv.yaml", config, ref -> null,
                    new SshAuth(null, KeyPassphrases.NONE))) {
                HostConnection conn = c.connect(h);
                assertThat(run(conn, "echo through")).isEqualTo("through");
                assertThat(((SshConnection) conn).target().jumps()).extracting(SshTarget::port)
                        .containsExactly(jump.port(), second.port());
                assertThat(jump.connectionProcesses()).isNotEmpty();
                assertThat(second.connectionProcesses()).isNotEmpty();
            }
        }
    }

    @Test
    void anUnknownJumpHostKeyIsRefusedNamingTheHop() throws Exception {
        String marker = target.dir().resolve("ran-unknown-jump").toString();
        SshSettings s = settings(target.knownHosts()).withProxyJump("127.0.0.1:" + jump.port());
        try (SshConnector c = connector(null)) {
            HostConnection conn = c.connect(host(s));
            assertThatThrownBy(() -> conn.exec("touch " + marker, Duration.ofSeconds(30), new Captured()))
                    .isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("unknown host key for jump host 127.0.0.1:" + jump.port()
                            + " (on the way to xop-a) ([127.0.0.1]:" + jump.port() + ")")
                    .hasMessageContaining("ssh -o UserKnownHostsFile=" + target.knownHosts());
        }
        assertThat(Path.of(marker)).doesNotExist();
    }

    @Test
    void trustRefusesAJumpHostWhoseKeyIsUnknownAsItWouldTheTargets() throws Exception {
        Path inv = Files.writeString(target.dir().resolve("trust-jump.yaml"), "cluster: lab\nhosts:\n"
                + "  - {name: xop-a, address: 127.0.0.1, roles: [primary]}\n"
                + "ssh: {user: " + target.user() + ", port: " + target.port() + ", identity: " + target.clientKey()
                + ", known_hosts: " + target.knownHosts() + ", use_config: false, proxy_jump: '" + jump.user()
                + "@127.0.0.1:" + jump.port() + "'}\n");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        io.stepwise.TrustResult r = io.stepwise.Engine.trust(inv, List.of(), true, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true), new java.io.BufferedReader(new java.io.StringReader("")));
        assertThat(r).as(err.toString()).isEqualTo(io.stepwise.TrustResult.REFUSED);
        assertThat(err.toString()).contains("unknown host key for jump host " + jump.user() + "@127.0.0.1:" + jump.port());
    }

    @Test
    void anUnknownTargetKeyBehindTheJumpHostIsRefused() throws Exception {
        String marker = target.dir().resolve("ran-unknown-target").toString();
        SshSettings s = settings(jump.knownHosts()).withProxyJump("127.0.0.1:" + jump.port());
        try (SshConnector c = connector(null)) {
            HostConnection conn = c.connect(host(s));
            assertThatThrownBy(() -> conn.exec("touch " + marker, Duration.ofSeconds(30), new Captured()))
                    .isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("unknown host key for xop-a ([127.0.0.1]:" + target.port() + ")")
                    .hasMessageContaining("stepwise trust -i inv.yaml xop-a");
            assertThat(c.fetchHostKey(host(s)).status()).as("trust fetches the key through the jump host")
                    .isEqualTo(HostKeyOffer.Status.UNKNOWN);
        }
        assertThat(Path.of(marker)).doesNotExist();
    }

    @Test
    void aJumpHostThatMayNotForwardIsNamed() throws Exception {
        try (Sshd closed = Sshd.start(List.of("DisableForwarding yes"))) {
            closed.authorize(target.clientKey());
            Path known = closed.dir().resolve("known");
            Files.writeString(known, Files.readString(closed.knownHosts()) + Files.readString(target.knownHosts()));
            SshSettings s = settings(known).withProxyJump("127.0.0.1:" + closed.port());
            try (SshConnector c = connector(null)) {
                HostConnection conn = c.connect(host(s));
                assertThatThrownBy(() -> run(conn, "true"))
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("xop-a")
                        .hasMessageContaining("through jump host 127.0.0.1:" + closed.port())
                        .hasMessageContaining("AllowTcpForwarding");
            }
        }
    }

    @Test
    void aMalformedProxyJumpSaysWhatIsExpected() {
        SshSettings s = settings(knownBoth).withProxyJump("root@bastion:99999");
        try (SshConnector c = connector(null)) {
            assertThatThrownBy(() -> c.connect(host(s)))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("xop-a: ProxyJump 'root@bastion:99999'")
                    .hasMessageContaining("[user@]host[:port]");
        }
    }

    private static SshSettings settings(Path knownHosts) {
        return SshHosts.settings(target, target.clientKey(), knownHosts);
    }

    private static Host host(SshSettings s) {
        return SshHosts.host("xop-a", s, MysqlSettings.EMPTY);
    }

    private static SshConnector connector(Path sshConfig) {
        return new SshConnector(null, Ticker.SYSTEM, "inv.yaml", sshConfig, ref -> null,
                new SshAuth(null, KeyPassphrases.NONE));
    }

    private static String run(HostConnection conn, String command) throws TransportException {
        Captured out = new Captured();
        ExecResult r = conn.exec(command, Duration.ofSeconds(30), out);
        assertThat(r.exitCode()).as(out.err()).isZero();
        return out.out().trim();
    }
}
