package io.stepwise.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private OpenSSH server for tests: {@code /usr/sbin/sshd -D -e} on a free 127.0.0.1 port, run as
 * the current user, with generated host keys (ed25519, ecdsa, rsa), a generated ed25519 client key
 * that is authorized, and a known_hosts file that trusts this server ({@code [127.0.0.1]:PORT}).
 *
 * <p>When sshd is missing the test is skipped, except with {@code CI=true}, where it fails.
 * Bash's ~/.bashrc is skipped for remote commands ({@code SetEnv SHLVL=1}), which keeps tests fast.
 * Its sessions read their boot id from a file of its own ({@code STEPWISE_BOOT_ID_FILE}, see the engine's reboot),
 * which {@link #startServer()} renews: a server stopped and started again has rebooted, a dropped connection has not.
 *
 * <pre>{@code
 * try (Sshd sshd = Sshd.start()) {
 *     sshd.port(); sshd.clientKey(); sshd.knownHosts(); sshd.user();
 *     sshd.killConnections();   // every client connection drops at once, the server stays up
 * }
 * }</pre>
 */
public final class Sshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final List<String> HOST_KEY_TYPES = List.of("ed25519", "ecdsa", "rsa");

    private final Path dir;
    private final int port;
    private final List<String> extraConfig;
    private final List<String> launcher;
    private Process process;

    private Sshd(Path dir, int port, List<String> extraConfig, List<String> launcher) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
        this.launcher = launcher;
    }

    /** Starts a server with the default configuration. */
    public static Sshd start() {
        return start(List.of());
    }

    /**
     * Starts a server; {@code extraConfig} lines are appended to sshd_config (e.g. "MaxSessions 2"), each
     * replacing the default line of its keyword (a {@code SetEnv} line: keep SHLVL=1 in it; STEPWISE_BOOT_ID_FILE is added to it).
     */
    public static Sshd start(List<String> extraConfig) {
        return start(extraConfig, List.of());
    }

    /**
     * Starts a server through {@code launcher}, a command prefix that ends by running the command line
     * appended to it (sshd's) — e.g. {@code unshare -m sh -c 'mount ... && exec "$@"' sh} gives sshd and every
     * session it starts mounts of their own, gone when it exits.
     */
    public static Sshd start(List<String> extraConfig, List<String> launcher) {
        requireSshd();
        Path dir;
        try {
            dir = Files.createTempDirectory("stepwise-sshd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sshd sshd = new Sshd(dir, freePort(), List.copyOf(extraConfig), List.copyOf(launcher));
        try {
            sshd.generateKeys();
            sshd.launch();
            return sshd;
        } catch (RuntimeException | Error e) {
            sshd.close();
            throw e;
        }
    }

    /** Skips the calling test when sshd is missing, or fails it when {@code CI=true}. */
    public static void requireSshd() {
        if (Files.isExecutable(SSHD)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(SSHD + " is missing; CI must install openssh-server");
        }
        Assumptions.assumeTrue(false, SSHD + " is missing (apt-get install openssh-server)");
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The login user: the user the tests (and this server) run as. */
    public String user() {
        return System.getProperty("user.name");
    }

    /** The authorized ed25519 client key (private key file; the public key is beside it as .pub). */
    public Path clientKey() {
        return dir.resolve("client_ed25519");
    }

    /** A known_hosts file with this server's host keys as {@code [127.0.0.1]:PORT TYPE KEY} lines. */
    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** This server's public host key of {@code type} (ed25519, ecdsa, rsa) as "TYPE BASE64". */
    public String hostPublicKey(String type) {
        String[] parts = read(dir.resolve("host_" + type + ".pub")).trim().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    /** A working directory for the test, removed with the server. */
    public Path dir() {
        return dir;
    }

    /** Generates a client key of {@code type} (ed25519, ecdsa, rsa), authorizes it, returns the private key file. */
    public Path newClientKey(String type) {
        Path key = dir.resolve("client_" + type + "_" + System.nanoTime());
        run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "stepwise-test", "-f", key.toString());
        append(dir.resolve("authorized_keys"), read(Path.of(key + ".pub")));
        return key;
    }

    /** Authorizes the public key beside {@code privateKey} ({@code privateKey.pub}) on this server too. */
    public void authorize(Path privateKey) {
        append(dir.resolve("authorized_keys"), read(Path.of(privateKey + ".pub")));
    }

    /** The pid of the listening sshd. */
    public long pid() {
        return process.pid();
    }

    /**
     * Drops every client connection at once (SIGKILL to each per-connection sshd process) while the
     * server keeps listening. Commands those connections started may keep running, as after a network cut.
     */
    public void killConnections() {
        for (ProcessHandle p : connectionProcesses()) {
            p.destroyForcibly();
        }
    }

    /**
     * Freezes every client connection (SIGSTOP to each per-connection sshd process): the TCP connection
     * stays open but nothing answers, as when a host hangs or a network path silently drops packets.
     * {@link #killConnections()} or {@link #stop()} ends them.
     */
    public void freezeConnections() {
        for (ProcessHandle p : connectionProcesses()) {
            run("kill", "-STOP", String.valueOf(p.pid()));
        }
    }

    /** The per-connection sshd processes (children of the listener that are sshd themselves). */
    public List<ProcessHandle> connectionProcesses() {
        if (process == null) {
            return List.of();
        }
        return process.toHandle().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("sshd")).orElse(false))
                .toList();
    }

    /** Stops the server and drops its connections, as a host going down. */
    public void stopServer() {
        if (process == null) {
            return;
        }
        killConnections();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server again on the same port with the same keys (after {@link #stopServer()}). */
    public void startServer() {
        if (process == null) {
            newBoot();
            launch();
        }
    }

    /** The boot id this server's sessions read (a new one at every {@link #startServer()}). */
    public String bootId() {
        return read(dir.resolve("boot_id")).strip();
    }

    private void newBoot() {
        write(dir.resolve("boot_id"), java.util.UUID.randomUUID() + "\n");
    }

    /** The server's log (its stderr). */
    public String log() {
        Path log = dir.resolve("sshd.log");
        return Files.exists(log) ? read(log) : "";
    }

    /** Stops the server and deletes its directory. */
    public void stop() {
        stopServer();
        deleteTree(dir);
    }

    @Override
    public void close() {
        stop();
    }

    private void generateKeys() {
        StringBuilder knownHosts = new StringBuilder();
        for (String type : HOST_KEY_TYPES) {
            Path key = dir.resolve("host_" + type);
            run("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "", "-f", key.toString());
            knownHosts.append("[127.0.0.1]:").append(port).append(' ').append(hostPublicKey(type)).append('\n');
        }
        write(dir.resolve("known_hosts"), knownHosts.toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "stepwise-test", "-f", clientKey().toString());
        write(dir.resolve("authorized_keys"), read(Path.of(clientKey() + ".pub")));
        List<String> config = new ArrayList<>(List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "AllowTcpForwarding yes",
                "MaxSessions 10",
                "MaxStartups 100:30:200",
                "LogLevel INFO",
                "SetEnv SHLVL=1 STEPWISE_BOOT_ID_FILE=" + dir.resolve("boot_id"),
                "Subsystem sftp internal-sftp"));
        newBoot();
        for (String type : HOST_KEY_TYPES) {
            config.add("HostKey " + dir.resolve("host_" + type));
        }
        // sshd takes the first line of a keyword: a caller's line (SetEnv, MaxSessions, ...) replaces ours
        config.removeIf(l -> !l.startsWith("HostKey ") && extraConfig.stream()
                .anyMatch(x -> x.split(" ", 2)[0].equalsIgnoreCase(l.split(" ", 2)[0])));
        // a caller's SetEnv keeps the boot id file (the engine's reboot reads it)
        extraConfig.stream().map(l -> l.regionMatches(true, 0, "SetEnv ", 0, 7) && !l.contains("STEPWISE_BOOT_ID_FILE=")
                ? l + " STEPWISE_BOOT_ID_FILE=" + dir.resolve("boot_id") : l).forEach(config::add);
        write(dir.resolve("sshd_config"), String.join("\n", config) + "\n");
    }

    private void launch() {
        try {
            // sshd's privilege separation needs this directory; a machine where sshd never ran lacks it.
            Files.createDirectories(Path.of("/run/sshd"));
        } catch (IOException notRoot) {
            // sshd started by a non-root user does without it (its log says so if not)
        }
        try {
            List<String> cmd = new ArrayList<>(launcher);
            cmd.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString()));
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on port " + port + " within 15s: " + log());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path p, String text) {
        write(p, read(p) + text);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
