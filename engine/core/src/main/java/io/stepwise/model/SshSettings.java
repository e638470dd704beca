package io.stepwise.model;

import java.time.Duration;

/**
 * How to open SSH to a host. Null fields fall back to ~/.ssh/config and then to defaults.
 *
 * @param knownHosts path of the known_hosts file checked strictly (default ~/.ssh/known_hosts)
 * @param useConfig  whether ~/.ssh/config is read (Host aliases, User, Port, IdentityFile)
 */
public record SshSettings(String user, Integer port, String identity, String knownHosts, Duration connectTimeout,
                          Duration keepalive, Boolean useConfig) {
    public static final SshSettings EMPTY = new SshSettings(null, null, null, null, null, null, null);

    /** This settings object with null fields taken from {@code fallback}. */
    public SshSettings orElse(SshSettings fallback) {
        return new SshSettings(user != null ? user : fallback.user, port != null ? port : fallback.port,
                identity != null ? identity : fallback.identity, knownHosts != null ? knownHosts : fallback.knownHosts,
                connectTimeout != null ? connectTimeout : fallback.connectTimeout,
                keepalive != null ? keepalive : fallback.keepalive, useConfig != null ? useConfig : fallback.useConfig);
    }
}
