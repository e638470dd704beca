package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.PrivateServer;
import io.stepwise.testing.SshAgent;
import io.stepwise.testing.Sshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's SSH setup end to end through the CLI: a bastion (ProxyJump) in front of the host, the key in
 * a real ssh-agent found through SSH_AUTH_SOCK, or an encrypted key file whose passphrase comes from a
 * no-echo prompt (asked once for both hops and every step) or STEPWISE_SECRET_SSH_PASSPHRASE.
 */
class SshAuthCliTest {
    private static final String PASS = "s3cret pass-Zq7";
    @PrivateServer private static Sshd jump;
    @PrivateServer private static Sshd target;

    @TempDir
    Path dir;

    @Test
    void theAgentsKeyReachesTheHostThroughTheBastion() throws Exception {
        Path key = key("agent-key", "");
        try (SshAgent agent = SshAgent.start()) {
            agent.add(key);
            Files.delete(key);              // only the agent has it now
            Cli cli = new Cli(dir);
            cli.env.put("SSH_AUTH_SOCK", agent.socket().toString());
            Cli.Result r = cli.run("run", procedure(cli).toString(), "-i", inventory(cli, null).toString(),
                    "--run-id", "a1", "--no-input");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.out()).contains("[far] hello from far", "[far] again");
            assertThat(jump.connectionProcesses()).as("the bastion carried the connection (closed at the end)")
                    .isEmpty();
            assertThat(jump.log()).contains("Accepted publickey");
        }
    }

    @Test
    void anEncryptedKeyIsAskedForOnceWithoutEcho() throws Exception {
        Path key = key("encrypted-key", PASS);
        Cli cli = new Cli(dir);
        Path inv = inventory(cli, key);
        String screen;
        int exit;
        try (Cli.Pty pty = cli.startInPty(List.of("SSH_AUTH_SOCK", "STEPWISE_SECRET_SSH_PASSPHRASE"), "run",
                procedure(cli).toString(), "-i", inv.toString(), "--run-id", "p1")) {
            pty.await("Passphrase for the SSH key " + key + " (for jump host 127.0.0.1:" + jump.port()
                    + " (on the way to far), not shown): ");
            pty.type(PASS);
            exit = pty.exit();
            screen = pty.screen();
        }
        assertThat(exit).as(screen).isZero();
        assertThat(screen).contains("[far] hello from far", "[far] again").doesNotContain(PASS);
        assertThat(screen.split("Passphrase for the SSH key", -1)).as("asked once for both hops")
                .hasSize(2);
    }

    @Test
    void withoutATerminalTheKeyNeedsTheEnvironmentSecret() throws Exception {
        Path key = key("env-key", PASS);
        Cli cli = new Cli(dir);
        cli.env.put("SSH_AUTH_SOCK", "");
        Path inv = inventory(cli, key);
        Cli.Result refused = cli.run("run", procedure(cli).toString(), "-i", inv.toString(), "--run-id", "e1",
                "--no-input");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(1);
        assertThat(refused.err()).contains("the key " + key + " has a passphrase and none was given",
                "STEPWISE_SECRET_SSH_PASSPHRASE", "step hello on far did not run", "Nothing was run on far")
                .doesNotContain("\tat ", "Exception", "--assume-done");

        cli.env.put("STEPWISE_SECRET_SSH_PASSPHRASE", PASS);
        Cli.Result r = cli.run("resume", "e1", "--no-input");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.all()).contains("[far] hello from far").doesNotContain(PASS);
    }

    /** A new key authorized on both servers; with a passphrase unless it is empty. */
    private static Path key(String name, String passphrase) throws Exception {
        Path key = target.dir().resolve(name + "-" + System.nanoTime());
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f",
                key.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        jump.authorize(key);
        target.authorize(key);
        return key;
    }

    private Path inventory(Cli cli, Path identity) throws Exception {
        Path known = cli.write("known_hosts", Files.readString(jump.knownHosts()) + Files.readString(target.knownHosts()));
        return cli.write("inv.yaml", "cluster: lab\nhosts:\n"
                + "  - {name: far, address: 127.0.0.1, roles: [box], ssh: {port: " + target.port() + "}}\n"
                + "ssh: {user: " + target.user() + (identity == null ? "" : ", identity: " + identity)
                + ", known_hosts: " + known + ", use_config: false, proxy_jump: \"127.0.0.1:" + jump.port() + "\"}\n");
    }

    private static Path procedure(Cli cli) throws Exception {
        return cli.write("proc.yaml", "procedure: behind\ntitle: Behind a bastion\nroles:\n  box: far away\nsteps:\n"
                + "  - id: hello\n    on: box\n    run: echo hello from {{host.name}}\n"
                + "  - id: again\n    on: box\n    run: echo again\n");
    }
}
