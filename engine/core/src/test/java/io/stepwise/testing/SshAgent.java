package io.stepwise.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ssh-agent} for tests, in the foreground ({@code -D}) on a socket in a private directory,
 * so that its pid is the process the test started and stops. Ready when it has printed its
 * {@code SSH_AUTH_SOCK=} line (it binds the socket first).
 *
 * <pre>{@code
 * try (SshAgent agent = SshAgent.start()) {
 *     agent.add(key);          // ssh-add KEY (a key without passphrase)
 *     agent.socket();          // what SSH_AUTH_SOCK would say
 * }
 * }</pre>
 */
public final class SshAgent implements AutoCloseable {
    private final Path dir;
    private final Process process;

    private SshAgent(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts an agent; fails (also outside CI) when ssh-agent is missing, as openssh-client comes with sshd. */
    public static SshAgent start() {
        Sshd.requireSshd();
        Path dir;
        try {
            dir = Files.createTempDirectory("stepwise-agent-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p;
        try {
            p = new ProcessBuilder("ssh-agent", "-D", "-a", dir.resolve("agent.sock").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Sshd.deleteTree(dir);
            throw new UncheckedIOException("ssh-agent could not start (apt-get install openssh-client)", e);
        }
        SshAgent agent = new SshAgent(dir, p);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("SSH_AUTH_SOCK=")) {
                throw new IllegalStateException("ssh-agent did not start: " + first);
            }
            return agent;
        } catch (IOException | RuntimeException e) {
            agent.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The agent's socket. */
    public Path socket() {
        return dir.resolve("agent.sock");
    }

    /** The agent's pid. */
    public long pid() {
        return process.pid();
    }

    /** {@code ssh-add KEY} (the key must have no passphrase; encrypt the file afterwards if needed). */
    public void add(Path key) {
        run(List.of("ssh-add", key.toString()));
    }

    /** {@code ssh-add -L}: the public keys the agent holds, one a line. */
    public String list() {
        return run(List.of("ssh-add", "-L"));
    }

    private String run(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("SSH_AUTH_SOCK", socket().toString());
            pb.environment().remove("DISPLAY");
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the agent (by its pid) and removes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sshd.deleteTree(dir);
    }
}
