package io.stepwise.transport.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Session;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.TransportException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens JSch sessions with the engine's fixed security settings: strict host key checking, public
 * key authentication only, modern algorithms only (no ssh-rsa with SHA-1), the fast curve25519 key
 * exchange first.
 */
final class SessionOpener {
    static final String KEX = "curve25519-sha256,curve25519-sha256@libssh.org,mlkem768x25519-sha256,"
            + "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
            + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";
    static final String KEY_TYPES = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
            + "rsa-sha2-512,rsa-sha2-256";

    private final String inventoryPath;

    /** @param inventoryPath named in the {@code stepwise trust -i ...} hint of a host key refusal; may be null */
    SessionOpener(String inventoryPath) {
        this.inventoryPath = inventoryPath;
    }

    /** Connects and authenticates; an unknown or changed host key is a {@link HostKeyException}. */
    Session open(SshTarget t) throws TransportException {
        JSch jsch = new JSch();
        for (Path id : t.identities()) {
            if (!Files.isReadable(id)) {
                if (t.identityExplicit()) {
                    throw new TransportException(t.name() + ": identity file " + id + " is missing or unreadable"
                            + " — fix ssh: identity in the inventory (or IdentityFile in ~/.ssh/config)");
                }
                continue;
            }
            try {
                KeyPair pair = KeyPair.load(jsch, id.toString());
                boolean encrypted = pair.isEncrypted();
                pair.dispose();
                if (encrypted) {
                    throw new TransportException(t.name() + ": the key " + id + " has a passphrase, which Stepwise"
                            + " cannot ask for — give the engine its own key without a passphrase (readable only by"
                            + " its user) with ssh: identity");
                }
                jsch.addIdentity(id.toString());
            } catch (JSchException e) {
                throw new TransportException(t.name() + ": cannot load identity " + id + ": " + e.getMessage()
                        + " — a passphrase-protected key is not supported; use a key without passphrase for"
                        + " the engine, readable only by its user", e);
            }
        }
        HostKeys keys = hostKeys(t);
        Session s = session(jsch, t, keys);
        try {
            s.connect(millis(t.connectTimeout()));
            return s;
        } catch (JSchException e) {
            s.disconnect();
            HostKeyException refusal = keys.refusal(t, inventoryPath);
            if (refusal != null) {
                throw refusal;
            }
            throw translate(t, e);
        }
    }

    /**
     * Fetches the key the host offers without logging in (for {@code stepwise trust}); the offer says
     * whether known_hosts already has it (OK), lacks it (NOT_INCLUDED) or has another one (CHANGED).
     */
    HostKeys.Offer fetchHostKey(SshTarget t) throws TransportException {
        HostKeys keys = hostKeys(t);
        Session s = session(new JSch(), t, keys);
        try {
            s.connect(millis(t.connectTimeout()));
        } catch (JSchException e) {
            if (keys.offer() == null) {
                throw translate(t, e);
            }
        } finally {
            s.disconnect();
        }
        if (keys.offer() == null) {
            throw new TransportException(t.name() + ": the server offered no host key");
        }
        return keys.offer();
    }

    HostKeys hostKeys(SshTarget t) throws TransportException {
        try {
            return new HostKeys(t.knownHosts());
        } catch (JSchException e) {
            throw new TransportException("cannot read known_hosts " + t.knownHosts() + ": " + e.getMessage(), e);
        }
    }

    private static Session session(JSch jsch, SshTarget t, HostKeys keys) throws TransportException {
        try {
            Session s = jsch.getSession(t.user(), t.address(), t.port());
            s.setHostKeyRepository(keys);
            if (t.hostKeyAlias() != null) {
                s.setHostKeyAlias(t.hostKeyAlias());
            }
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("HashKnownHosts", "no");
            s.setConfig("kex", KEX);
            s.setConfig("server_host_key", KEY_TYPES);
            s.setConfig("PubkeyAcceptedAlgorithms", KEY_TYPES);
            s.setConfig("prefer_known_host_key_types", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setDaemonThread(true);
            s.setServerAliveInterval(millis(t.keepalive()));
            s.setServerAliveCountMax(3);
            return s;
        } catch (JSchException e) {
            throw new TransportException(t.name() + ": " + e.getMessage(), e);
        }
    }

    private static TransportException translate(SshTarget t, JSchException e) {
        String where = t.name() + " (" + t.user() + "@" + t.address() + ":" + t.port() + ")";
        Throwable cause = e.getCause();
        String msg = String.valueOf(e.getMessage());
        if (cause instanceof UnknownHostException) {
            return new TransportException(where + ": cannot resolve " + t.address()
                    + " — check the host's address in the inventory (or HostName in ~/.ssh/config)", e);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new TransportException(where + ": cannot connect: " + cause.getMessage()
                    + " — check that sshd runs there and the port is right", e);
        }
        if (cause instanceof SocketTimeoutException || msg.startsWith("timeout")) {
            return new TransportException(where + ": no answer within " + t.connectTimeout().toSeconds()
                    + "s — check the address, the port and firewalls (ssh: connect_timeout raises the limit)", e);
        }
        if ((msg.contains("Auth fail") || msg.contains("Auth cancel")) && t.identities().isEmpty()) {
            return new TransportException(where + ": no private key to log in with (none of ~/.ssh/id_ed25519,"
                    + " id_ecdsa, id_rsa exists) — set ssh: identity in the inventory or IdentityFile in ~/.ssh/config", e);
        }
        if (msg.contains("Auth fail") || msg.contains("Auth cancel")) {
            return new TransportException(where + ": the server refused the keys " + t.identities()
                    + " — add the public key to the host's authorized_keys, or set ssh: identity / user", e);
        }
        return new TransportException(where + ": ssh failed: " + msg, e);
    }

    static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
