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
 * HostKeyAlias, ConnectTimeout, ServerAliveInterval), then defaults.
 *
 * @param name         the inventory name, used in messages
 * @param alias        what the inventory gave as address (looked up in ~/.ssh/config)
 * @param address      what is connected to after ~/.ssh/config's HostName
 * @param hostKeyAlias the name known_hosts is searched under instead of the address, or null
 */
public record SshTarget(String name, String alias, String address, int port, String user, List<Path> identities,
                        boolean identityExplicit, Path knownHosts, Duration connectTimeout, Duration keepalive,
                        String hostKeyAlias) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

    /** The name known_hosts lines use for this target: {@code host} on port 22, else {@code [host]:port}. */
    public String knownHostsName() {
        String h = hostKeyAlias != null ? hostKeyAlias : address;
        return port == 22 || hostKeyAlias != null ? h : "[" + h + "]:" + port;
    }

    /** Resolves a host of the inventory; {@code sshConfig} is read when the settings allow it and it exists. */
    public static SshTarget resolve(Host host, SshSettings defaults, Path sshConfig) throws TransportException {
        SshSettings s = (host.ssh() == null ? SshSettings.EMPTY : host.ssh()).orElse(defaults);
        String alias = host.address() != null ? host.address() : host.name();
        ConfigRepository.Config cfg = Boolean.FALSE.equals(s.useConfig()) ? null : config(sshConfig, alias);
        String address = first(cfg == null ? null : cfg.getHostname(), alias);
        int port = s.port() != null ? s.port() : cfg != null && cfg.getPort() > 0 ? cfg.getPort() : 22;
        String user = first(s.user(), cfg == null ? null : cfg.getUser(), System.getProperty("user.name"));
        List<Path> identities = new ArrayList<>();
        boolean explicit = true;
        if (s.identity() != null) {
            identities.add(expand(s.identity(), address, user, port));
        } else if (cfg != null && cfg.getValues("IdentityFile") != null) {
            for (String id : cfg.getValues("IdentityFile")) {
                identities.add(expand(id, address, user, port));
            }
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
                "~/.ssh/known_hosts");
        Duration connect = s.connectTimeout() != null ? s.connectTimeout()
                : seconds(cfg == null ? null : cfg.getValue("ConnectTimeout"), DEFAULT_CONNECT_TIMEOUT);
        Duration keepalive = s.keepalive() != null ? s.keepalive()
                : seconds(cfg == null ? null : cfg.getValue("ServerAliveInterval"), DEFAULT_KEEPALIVE);
        String hostKeyAlias = cfg == null ? null : cfg.getValue("HostKeyAlias");
        return new SshTarget(host.name(), alias, address, port, user, List.copyOf(identities), explicit,
                expand(knownHosts, address, user, port), connect, keepalive, hostKeyAlias);
    }

    /** ~/.ssh/config of the user running the engine. */
    public static Path defaultSshConfig() {
        return home().resolve(".ssh").resolve("config");
    }

    private static ConfigRepository.Config config(Path file, String alias) throws TransportException {
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
