package io.stepwise.transport.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.NotConnectedException;
import io.stepwise.transport.TransportException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens JSch sessions with the engine's fixed security settings: strict host key checking, public
 * key authentication only (agent keys, then key files: {@link Identities}), modern algorithms only (no
 * ssh-rsa with SHA-1), the fast curve25519 key exchange first; through the target's jump hosts, each
 * checked as strictly, with a local forward on the previous hop's session that is removed once connected.
 */
final class SessionOpener {
    static final String KEX = "curve25519-sha256,curve25519-sha256@libssh.org,mlkem768x25519-sha256,"
            + "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
            + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";
    static final String KEY_TYPES = "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
            + "rsa-sha2-512,rsa-sha2-256";

    private final String inventoryPath;
    private final Identities identities;
    private final Map<Session, List<Session>> jumpsOf = Collections.synchronizedMap(new IdentityHashMap<>());

    /** @param inventoryPath named in the {@code stepwise trust -i ...} hint of a host key refusal; may be null */
    SessionOpener(String inventoryPath) {
        this(inventoryPath, KeyPassphrases.NONE);
    }

    /** @param passphrases gives the passphrases of encrypted keys the agent does not hold */
    SessionOpener(String inventoryPath, KeyPassphrases passphrases) {
        this.inventoryPath = inventoryPath;
        this.identities = new Identities(passphrases);
    }

    /**
     * Connects and authenticates, through the target's jump hosts if it has any (each hop's host key is
     * checked as strictly as the target's); an unknown or changed host key is a {@link HostKeyException}.
     * Close the session with {@link #close(Session)}, which closes its jump hosts' sessions too.
     */
    Session open(SshTarget t) throws TransportException {
        List<Session> hops = new ArrayList<>();
        try {
            Session via = hops(t, hops);
            Session s = connect(t, via, last(t));
            if (!hops.isEmpty()) {
                jumpsOf.put(s, List.copyOf(hops));
            }
            FirstChannel.loggedIn(s);
            return s;
        } catch (HostKeyException | RuntimeException e) {
            disconnect(hops);
            throw e;
        } catch (TransportException e) {
            disconnect(hops);
            throw new NotConnectedException(e.getMessage(), e);
        }
    }

    /** Disconnects {@code s} and the sessions of the jump hosts it went through. */
    void close(Session s) {
        if (s == null) {
            return;
        }
        s.disconnect();
        List<Session> hops = jumpsOf.remove(s);
        if (hops != null) {
            disconnect(hops);
        }
    }

    /** Logs in to each jump host of {@code t} in turn, adding its session to {@code hops}; the last, or null. */
    private Session hops(SshTarget t, List<Session> hops) throws TransportException {
        Session via = null;
        for (SshTarget hop : t.jumps()) {
            via = connect(hop, via, hops.isEmpty() ? null : t.jumps().get(hops.size() - 1));
            hops.add(via);
        }
        return via;
    }

    private static SshTarget last(SshTarget t) {
        return t.jumps().isEmpty() ? null : t.jumps().get(t.jumps().size() - 1);
    }

    private static void disconnect(List<Session> hops) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            hops.get(i).disconnect();
        }
    }

    /** One hop: directly, or through a local forward on {@code via}'s session (removed once connected). */
    private Session connect(SshTarget t, Session via, SshTarget viaTarget) throws TransportException {
        JSch jsch = new JSch();
        Identities.Offered offered = identities.forTarget(t);
        jsch.setIdentityRepository(offered.repository());
        HostKeys keys = hostKeys(t);
        int forward = forward(via, t, viaTarget);
        Session s = session(jsch, t, keys, forward);
        try {
            s.connect(millis(t.connectTimeout()));
            return s;
        } catch (JSchException e) {
            s.disconnect();
            HostKeyException refusal = keys.refusal(t, inventoryPath);
            if (refusal != null) {
                throw refusal;
            }
            throw translate(t, e, offered, viaTarget);
        } finally {
            unforward(via, forward);
        }
    }

    /** A local port forwarded through {@code via} to {@code t}, or 0 without a jump host. */
    private static int forward(Session via, SshTarget t, SshTarget viaTarget) throws TransportException {
        if (via == null) {
            return 0;
        }
        try {
            return via.setPortForwardingL("127.0.0.1", 0, t.address(), t.port());
        } catch (JSchException e) {
            throw new TransportException(t.label() + ": cannot open a forward on " + viaTarget.label() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes the forward once the session through it is connected (the connection itself stays). */
    private static void unforward(Session via, int forward) {
        if (forward > 0) {
            try {
                via.delPortForwardingL("127.0.0.1", forward);
            } catch (JSchException gone) {
                // the jump session dropped: the forward went with it
            }
        }
    }

    /**
     * Fetches the key the host offers without logging in (for {@code stepwise trust}); the offer says
     * whether known_hosts already has it (OK), lacks it (NOT_INCLUDED) or has another one (CHANGED).
     */
    HostKeys.Offer fetchHostKey(SshTarget t) throws TransportException {
        HostKeys keys = hostKeys(t);
        List<Session> hops = new ArrayList<>();
        Session via = null;
        int forward = 0;
        try {
            via = hops(t, hops);
            forward = forward(via, t, last(t));
            Session s = session(new JSch(), t, keys, forward);
            try {
                s.connect(millis(t.connectTimeout()));
            } catch (JSchException e) {
                if (keys.offer() == null) {
                    throw translate(t, e, null, last(t));
                }
            } finally {
                s.disconnect();
            }
        } finally {
            unforward(via, forward);
            disconnect(hops);
        }
        if (keys.offer() == null) {
            throw new TransportException(t.label() + ": the server offered no host key");
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

    /** A session to {@code t}, or to the local {@code forward} to it (checked under t's known_hosts name). */
    private static Session session(JSch jsch, SshTarget t, HostKeys keys, int forward) throws TransportException {
        try {
            Session s = forward > 0 ? jsch.getSession(t.user(), "127.0.0.1", forward)
                    : jsch.getSession(t.user(), t.address(), t.port());
            s.setHostKeyRepository(keys);
            if (t.hostKeyAlias() != null || forward > 0) {
                s.setHostKeyAlias(t.hostKeyAlias() != null ? t.hostKeyAlias() : t.knownHostsName());
            }
            s.setConfig("StrictHostKeyChecking", "yes");
            s.setConfig("HashKnownHosts", "no");
            s.setConfig("kex", KEX);
            // JSch tries each algorithm of these lists before every key exchange (a key pair made and thrown away
            // for each curve: ~30% of a login's CPU, measured with JFR) to drop what the JVM lacks. Java 17 has
            // curve25519 (JEP 324) and Ed25519 (JEP 339); only the ML-KEM hybrid may be missing (no provider before
            // JDK 24 without Bouncy Castle), so only it is tried.
            s.setConfig("CheckKexes", "mlkem768x25519-sha256");
            s.setConfig("CheckSignatures", "");
            s.setConfig("server_host_key", KEY_TYPES);
            s.setConfig("PubkeyAcceptedAlgorithms", KEY_TYPES);
            s.setConfig("prefer_known_host_key_types", "yes");
            s.setConfig("PreferredAuthentications", "publickey");
            s.setDaemonThread(true);
            s.setServerAliveInterval(millis(t.keepalive()));
            s.setServerAliveCountMax(3);
            return s;
        } catch (JSchException e) {
            throw new TransportException(t.label() + ": " + e.getMessage(), e);
        }
    }

    private static TransportException translate(SshTarget t, JSchException e, Identities.Offered offered,
                                                SshTarget via) {
        String where = t.label() + " (" + t.user() + "@" + t.address() + ":" + t.port()
                + (via == null ? "" : " through " + via.label()) + ")";
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
        boolean auth = msg.contains("Auth fail") || msg.contains("Auth cancel");
        if (auth && offered == null) {
            return new TransportException(where + ": ssh failed: " + msg, e);
        }
        if (auth && t.identities().isEmpty() && offered.agentKeys() == 0) {
            return new TransportException(where + ": no private key to log in with (no agent key, and none of"
                    + " ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists) — load a key into ssh-agent, or set ssh: identity"
                    + " in the inventory or IdentityFile in ~/.ssh/config", e);
        }
        if (auth) {
            return new TransportException(where + ": the server refused the keys " + offered.describe(t.identities())
                    + " — add the public key to the host's authorized_keys, or set ssh: identity / user", e);
        }
        if (via != null) {
            return new TransportException(where + ": cannot reach " + t.address() + ":" + t.port() + " through "
                    + via.label() + ": " + msg + " — check that the jump host allows TCP forwarding (AllowTcpForwarding)"
                    + " and reaches that address and port", e);
        }
        return new TransportException(where + ": ssh failed: " + msg, e);
    }

    static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
