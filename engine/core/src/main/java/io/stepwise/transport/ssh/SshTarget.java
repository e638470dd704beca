package io.stepwise.transport.ssh;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;
import io.stepwise.model.Host;
import io.stepwise.model.SshSettings;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how to open SSH to one host, resolved once: the inventory's settings first, then the
 * operator's ~/.ssh/config (Host aliases, HostName, User, Port, IdentityFile, UserKnownHostsFile,
 * HostKeyAlias, ConnectTimeout, ServerAliveInterval, IdentityAgent, ProxyJump), then defaults.
 *
 * @param name         the inventory name (for a jump host: its spec), used in messages
 * @param alias        what the inventory gave as address (looked up in ~/.ssh/config)
 * @param address      what is connected to after ~/.ssh/config's HostName
 * @param hostKeyAlias the name known_hosts is searched under instead of the address, or null
 * @param agent        the ssh-agent socket whose keys are offered first, or null for none
 * @param jumps        the jump hosts, in the order they are passed through (empty: connect directly)
 * @param jumpFor      for a jump host, the inventory host it leads to; null for an inventory host
 */
public record SshTarget(String name, String alias, String address, int port, String user, List<Path> identities,
                        boolean identityExplicit, Path knownHosts, Duration connectTimeout, Duration keepalive,
                        String hostKeyAlias, Path agent, List<SshTarget> jumps, String jumpFor) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

    /** The name known_hosts lines use for this target: {@code host} on port 22, else {@code [host]:port}. */
    String knownHostsName() {
        String h = hostKeyAlias != null ? hostKeyAlias : address;
        return port == 22 || hostKeyAlias != null ? h : "[" + h + "]:" + port;
    }

    /** Resolves a host of the inventory, with {@code $SSH_AUTH_SOCK} of this process as the default agent. */
    static SshTarget resolve(Host host, SshSettings defaults, Path sshConfig) throws TransportException {
        return resolve(host, defaults, sshConfig, System.getenv("SSH_AUTH_SOCK"));
    }

    /**
     * Resolves a host of the inventory; {@code sshConfig} is read when the settings allow it and it exists.
     *
     * @param authSock the agent socket used unless the inventory or ~/.ssh/config name another (may be null)
     */
    static SshTarget resolve(Host host, SshSettings defaults, Path sshConfig, String authSock)
            throws TransportException {
        SshSettings s = (host.ssh() == null ? SshSettings.EMPTY : host.ssh()).orElse(defaults);
        String alias = host.address() != null ? host.address() : host.name();
        return resolve(host.name(), alias, s, sshConfig, authSock, null, null);
    }

    /**
     * @param jumpFor  null for an inventory host; for a jump host, the inventory host it leads to
     * @param fallback for a jump host, the target whose keys, known_hosts and timeouts it shares unless
     *                 ~/.ssh/config says otherwise
     */
    static SshTarget resolve(String name, String alias, SshSettings s, Path sshConfig, String authSock,
                             String jumpFor, SshTarget fallback) throws TransportException {
        ConfigRepository.Config cfg = Boolean.FALSE.equals(s.useConfig()) ? null : config(sshConfig, alias);
        String address = first(cfg == null ? null : cfg.getHostname(), alias);
        int port = s.port() != null ? s.port() : cfg != null && cfg.getPort() > 0 ? cfg.getPort() : 22;
        String user = first(s.user(), cfg == null ? null : cfg.getUser(), System.getProperty("user.name"));
        List<Path> identities = new ArrayList<>();
        boolean explicit = true;
        if (s.identity() != null) {
            identities.add(expand(s.identity(), address, user, port));
        } else if (cfg != null && cfg.getValues("IdentityFile") != null && cfg.getValues("IdentityFile").length > 0) {
            for (String id : cfg.getValues("IdentityFile")) {
                identities.add(expand(id, address, user, port));
            }
        } else if (fallback != null) {
            identities.addAll(fallback.identities());
            explicit = fallback.identityExplicit();
        } else {
            explicit = false;
            for (String id : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path p = home().resolve(".ssh").resolve(id);
                if (Files.exists(p)) {
                    identities.add(p);
                }
            }
        }
        String knownHosts = first(s.knownHosts(), cfg == null ? null : firstWord(cfg.getValue("UserKnownHostsFile")),
                fallback == null ? "~/.ssh/known_hosts" : fallback.knownHosts().toString());
        Duration connect = s.connectTimeout() != null ? s.connectTimeout()
                : seconds(cfg == null ? null : cfg.getValue("ConnectTimeout"), DEFAULT_CONNECT_TIMEOUT);
        Duration keepalive = s.keepalive() != null ? s.keepalive()
                : seconds(cfg == null ? null : cfg.getValue("ServerAliveInterval"), DEFAULT_KEEPALIVE);
        String hostKeyAlias = cfg == null ? null : cfg.getValue("HostKeyAlias");
        Path agent = agent(first(s.agent(), cfg == null ? null : cfg.getValue("IdentityAgent")), authSock,
                address, user, port);
        String jumpSpec = first(s.proxyJump(), cfg == null ? null : cfg.getValue("ProxyJump"));
        SshTarget t = new SshTarget(name, alias, address, port, user, List.copyOf(identities), explicit,
                expand(knownHosts, address, user, port), connect, keepalive, hostKeyAlias, agent, List.of(), jumpFor);
        List<SshTarget> jumps = JumpHosts.resolve(t, jumpSpec, s, sshConfig, authSock);
        return jumps.isEmpty() ? t : t.withJumps(jumps);
    }

    /** This target reached through {@code hops}. */
    SshTarget withJumps(List<SshTarget> hops) {
        return new SshTarget(name, alias, address, port, user, identities, identityExplicit, knownHosts,
                connectTimeout, keepalive, hostKeyAlias, agent, List.copyOf(hops), jumpFor);
    }

    /** What messages call this target: the inventory name, or "jump host SPEC (to NAME)". */
    String label() {
        return jumpFor == null ? name : "jump host " + name + " (on the way to " + jumpFor + ")";
    }

    /** {@code none} or the socket: the inventory's {@code agent}, else IdentityAgent, else $SSH_AUTH_SOCK. */
    private static Path agent(String configured, String authSock, String host, String user, int port) {
        String v = configured == null ? authSock : configured.trim();
        if (v != null && (v.equals("SSH_AUTH_SOCK") || v.equals("$SSH_AUTH_SOCK"))) {
            v = authSock;
        }
        if (v == null || v.isBlank() || v.equalsIgnoreCase("none")) {
            return null;
        }
        return expand(v, host, user, port);
    }

    /** ~/.ssh/config of the user running the engine. */
    public static Path defaultSshConfig() {
        return home().resolve(".ssh").resolve("config");
    }

    static ConfigRepository.Config config(Path file, String alias) throws TransportException {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return OpenSSHConfig.parseFile(file.toString()).getConfig(alias);
        } catch (IOException | RuntimeException e) {
            throw new TransportException("cannot read ssh config " + file + ": " + e.getMessage()
                    + " — fix the file, or set ssh: {use_config: false} in the inventory", e);
        }
    }

    static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    /** Expands ~ and the ssh_config tokens %h, %p, %r, %u, %d, %%. */
    static Path expand(String path, String host, String user, int port) {
        String p = path;
        if (p.equals("~") || p.startsWith("~/")) {
            p = home() + p.substring(1);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c != '%' || i + 1 == p.length()) {
                out.append(c);
                continue;
            }
            char t = p.charAt(++i);
            switch (t) {
                case 'h' -> out.append(host);
                case 'p' -> out.append(port);
                case 'r' -> out.append(user);
                case 'u' -> out.append(System.getProperty("user.name"));
                case 'd' -> out.append(home());
                case '%' -> out.append('%');
                default -> out.append('%').append(t);
            }
        }
        return Path.of(out.toString());
    }

    private static Duration seconds(String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String firstWord(String s) {
        return s == null ? null : s.trim().split("\\s+")[0];
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
