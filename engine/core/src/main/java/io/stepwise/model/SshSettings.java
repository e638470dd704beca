package io.stepwise.model;

import java.time.Duration;

/**
 * How to open SSH to a host. Null fields fall back to ~/.ssh/config and then to defaults.
 *
 * @param knownHosts path of the known_hosts file checked strictly (default ~/.ssh/known_hosts)
 * @param useConfig  whether ~/.ssh/config is read (Host aliases, User, Port, IdentityFile, ProxyJump)
 * @param proxyJump  jump hosts as ssh's {@code ProxyJump}: {@code [user@]host[:port]}, comma-separated, or
 *                   {@code none}
 * @param agent      the ssh-agent socket, or {@code none} for no agent (default: {@code $SSH_AUTH_SOCK})
 */
public record SshSettings(String user, Integer port, String identity, String knownHosts, Duration connectTimeout,
                          Duration keepalive, Boolean useConfig, String proxyJump, String agent) {
    public static final SshSettings EMPTY = new SshSettings(null, null, null, null, null, null, null, null, null);

    /** The settings without jump hosts or agent (as before those existed). */
    public SshSettings(String user, Integer port, String identity, String knownHosts, Duration connectTimeout,
                       Duration keepalive, Boolean useConfig) {
        this(user, port, identity, knownHosts, connectTimeout, keepalive, useConfig, null, null);
    }

    /** This settings object with null fields taken from {@code fallback}. */
    public SshSettings orElse(SshSettings fallback) {
        return new SshSettings(user != null ? user : fallback.user, port != null ? port : fallback.port,
                identity != null ? identity : fallback.identity, knownHosts != null ? knownHosts : fallback.knownHosts,
                connectTimeout != null ? connectTimeout : fallback.connectTimeout,
                keepalive != null ? keepalive : fallback.keepalive, useConfig != null ? useConfig : fallback.useConfig,
                proxyJump != null ? proxyJump : fallback.proxyJump, agent != null ? agent : fallback.agent);
    }

    /** A copy with other jump hosts. */
    public SshSettings withProxyJump(String jumps) {
        return new SshSettings(user, port, identity, knownHosts, connectTimeout, keepalive, useConfig, jumps, agent);
    }

    /** A copy with another agent socket ({@code none}: no agent). */
    public SshSettings withAgent(String socket) {
        return new SshSettings(user, port, identity, knownHosts, connectTimeout, keepalive, useConfig, proxyJump, socket);
    }
}
