package io.stepwise.transport.ssh;

import io.stepwise.model.Host;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.testing.Sshd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Inventory hosts that point at a test sshd. */
final class SshHosts {
    private SshHosts() {
    }

    static SshSettings settings(Sshd sshd) {
        return settings(sshd, sshd.clientKey(), sshd.knownHosts());
    }

    static SshSettings settings(Sshd sshd, Path key, Path knownHosts) {
        return new SshSettings(sshd.user(), sshd.port(), key.toString(), knownHosts.toString(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), false);
    }

    static Host host(String name, Sshd sshd) {
        return host(name, settings(sshd), MysqlSettings.EMPTY);
    }

    static Host host(String name, SshSettings ssh, MysqlSettings mysql) {
        return new Host(name, "127.0.0.1", List.of("primary"), Host.Connection.SSH, ssh, mysql, Map.of(), null);
    }
}
