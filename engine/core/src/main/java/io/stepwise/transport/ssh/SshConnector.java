package io.stepwise.transport.ssh;

import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.SecretRef;
import io.stepwise.model.SshSettings;
import io.stepwise.model.Ticker;
import io.stepwise.transport.Connector;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Opens one {@link SshConnection} per host for the whole run and closes them all at the end.
 *
 * <pre>{@code
 * try (SshConnector ssh = new SshConnector(inventory.ssh(), Ticker.SYSTEM)) {
 *     HostConnection a = ssh.connect(host);
 *     a.exec("uptime", Duration.ofSeconds(30), listener);
 * }
 * }</pre>
 */
public final class SshConnector implements Connector {
    private final SshSettings defaults;
    private final Ticker ticker;
    private final SessionOpener opener;
    private final Path sshConfig;
    private final SqlTunnel.Secrets secrets;
    private final String authSock;
    private final Map<String, SshConnection> connections = new LinkedHashMap<>();
    /** Set by {@link #close}: no connection is made after it. */
    private boolean closed;

    /**
     * @param defaults the inventory-wide {@code ssh:} block (host settings win over it)
     * @param ticker   how the connections measure deadlines and pause (command timeouts, channel retries, the
     *                 wait for a rebooting host): {@link Ticker#SYSTEM} but in tests
     */
    public SshConnector(SshSettings defaults, Ticker ticker) {
        this(defaults, ticker, null, SshTarget.defaultSshConfig());
    }

    /**
     * @param inventoryPath the inventory file, named in the {@code stepwise trust} hint when a host key is refused
     * @param sshConfig     the OpenSSH client config to read (normally ~/.ssh/config)
     */
    public SshConnector(SshSettings defaults, Ticker ticker, String inventoryPath, Path sshConfig) {
        this(defaults, ticker, inventoryPath, sshConfig, (SqlTunnel.Secrets) SshConnector::resolveSecret);
    }

    /**
     * @param secrets resolves the database password reference (the run's secret store, which also masks
     *                the value); a null answer for an {@code {env: NAME}} reference is reported as unset
     */
    public SshConnector(SshSettings defaults, Ticker ticker, String inventoryPath, Path sshConfig,
                        Function<SecretRef, String> secrets) {
        this(defaults, ticker, inventoryPath, sshConfig, secrets, SshAuth.fromEnvironment(secrets));
    }

    /**
     * @param secrets resolves the database password reference (see above)
     * @param auth    the agent socket and the passphrases of encrypted keys
     */
    public SshConnector(SshSettings defaults, Ticker ticker, String inventoryPath, Path sshConfig,
                        Function<SecretRef, String> secrets, SshAuth auth) {
        this(defaults, ticker, inventoryPath, sshConfig, auth, (SqlTunnel.Secrets) ref -> {
            String v;
            try {
                v = secrets.apply(ref);
            } catch (RuntimeException e) {
                throw new TransportException("database password: " + e.getMessage(), e);
            }
            if (v == null && ref.env() != null) {
                throw new TransportException("the database password comes from the environment variable "
                        + ref.env() + ", which is not set — export it before running");
            }
            return v;
        });
    }

    private SshConnector(SshSettings defaults, Ticker ticker, String inventoryPath, Path sshConfig,
                         SqlTunnel.Secrets secrets) {
        this(defaults, ticker, inventoryPath, sshConfig,
                SshAuth.fromEnvironment(ref -> ref.env() == null ? null : System.getenv(ref.env())), secrets);
    }

    private SshConnector(SshSettings defaults, Ticker ticker, String inventoryPath, Path sshConfig, SshAuth auth,
                         SqlTunnel.Secrets secrets) {
        this.defaults = defaults == null ? SshSettings.EMPTY : defaults;
        this.ticker = ticker;
        this.authSock = auth.agentSocket();
        this.opener = new SessionOpener(inventoryPath, auth.passphrases());
        this.sshConfig = sshConfig;
        this.secrets = secrets;
    }

    /** The connector for an inventory's SSH hosts, as the runner uses it. */
    public static SshConnector forInventory(Inventory inventory, Function<SecretRef, String> secrets) {
        return forInventory(inventory, secrets, SshAuth.fromEnvironment(secrets));
    }

    /** As {@link #forInventory(Inventory, Function)}, with the run's agent socket and passphrase source. */
    public static SshConnector forInventory(Inventory inventory, Function<SecretRef, String> secrets, SshAuth auth) {
        return new SshConnector(inventory.ssh(), Ticker.SYSTEM, inventory.source(), SshTarget.defaultSshConfig(),
                secrets, auth);
    }

    /**
     * Does ahead of time the one-time work of a process's first SSH login: JSch's set-up and the JDK providers of the
     * algorithms it uses first (curve25519, AES-GCM, SHA-256, Ed25519). Connects to nothing; errors are left for the
     * login to report.
     */
    public static void warmUp() {
        new com.jcraft.jsch.JSch();
        try {
            java.security.KeyPairGenerator.getInstance("XDH");
            javax.crypto.KeyAgreement.getInstance("XDH");
            javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            javax.crypto.Mac.getInstance("HmacSHA256");
            java.security.MessageDigest.getInstance("SHA-256");
            java.security.Signature.getInstance("Ed25519");
        } catch (java.security.GeneralSecurityException e) {
            // the login says what is missing
        }
    }

    /** The connection for {@code host}; the session opens on first use and is reused for every step. */
    @Override
    public synchronized SshConnection connect(Host host) throws TransportException {
        if (closed) { // e.g. a login thread of the run's start that outlived a refused start: open nothing new
            throw new TransportException(host.name() + ": this run's connections are closed");
        }
        SshConnection c = connections.get(host.name());
        if (c == null) {
            c = new SshConnection(host, SshTarget.resolve(host, defaults, sshConfig, authSock), opener, ticker,
                    secrets);
            connections.put(host.name(), c);
        }
        return c;
    }

    /** Where {@code host} would be reached, without connecting (for messages and {@code stepwise trust}). */
    SshTarget target(Host host) throws TransportException {
        return SshTarget.resolve(host, defaults, sshConfig, authSock);
    }

    /** The key {@code host} offers and whether known_hosts knows it, without logging in. */
    HostKeyOffer fetchHostKey(Host host) throws TransportException {
        SshTarget t = target(host);
        HostKeys.Offer o = opener.fetchHostKey(t);
        HostKeys keys = opener.hostKeys(t);
        HostKeyOffer.Status status = switch (o.result()) {
            case com.jcraft.jsch.HostKeyRepository.OK -> HostKeyOffer.Status.KNOWN;
            case com.jcraft.jsch.HostKeyRepository.CHANGED -> HostKeyOffer.Status.CHANGED;
            default -> HostKeyOffer.Status.UNKNOWN;
        };
        return new HostKeyOffer(t, o.host(), o.type(), o.key(), o.fingerprint(), status,
                keys.knownFingerprints(o.host()));
    }

    /**
     * Stops every command this connector has under way, on its host (Ctrl-C): TERM to its process group,
     * KILL shortly after; waits at most {@code budget}. Says for each whether its host confirmed the stop.
     */
    @Override
    public java.util.List<io.stepwise.transport.Stopped> stopAll(Duration budget) {
        java.util.List<RemoteCommand.Running> running = new java.util.ArrayList<>();
        synchronized (this) {
            connections.values().forEach(c -> running.addAll(c.stopping()));
        }
        return RemoteCommand.stopAll(running, budget, ticker);
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (SshConnection c : connections.values()) {
            c.close();
        }
        connections.clear();
    }

    /** {@code {env: NAME}}, {@code {file: PATH}} or a literal. */
    static String resolveSecret(SecretRef ref) throws TransportException {
        if (ref.env() != null) {
            String v = System.getenv(ref.env());
            if (v == null) {
                throw new TransportException("the database password comes from the environment variable "
                        + ref.env() + ", which is not set — export it before running");
            }
            return v;
        }
        if (ref.file() != null) {
            Path p = SshTarget.expand(ref.file(), "", "", 0);
            try {
                String text = Files.readString(p);
                int nl = text.indexOf('\n');
                return nl >= 0 ? text.substring(0, nl) : text;
            } catch (IOException e) {
                throw new TransportException("cannot read the database password file " + p + ": " + e.getMessage(), e);
            }
        }
        return ref.literal();
    }
}
