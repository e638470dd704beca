package io.stepwise.transport.ssh;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.UnixDomainSocketFactory;
import io.stepwise.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys a login offers, as OpenSSH orders them: the agent's first (over the JDK's Unix domain sockets),
 * then the identity files. An encrypted key file whose public key the agent holds is left to the agent; any
 * other is decrypted with a passphrase from {@link KeyPassphrases}, once per run (the decrypted key is kept
 * in memory for reconnects). Nothing is ever added to the agent.
 */
final class Identities {
    private static final int TRIES = 3;

    private final KeyPassphrases passphrases;
    private final Map<Path, Identity> decrypted = new ConcurrentHashMap<>();

    Identities(KeyPassphrases passphrases) {
        this.passphrases = passphrases == null ? KeyPassphrases.NONE : passphrases;
    }

    /** What a login to {@code t} offers, with the keys left out and why (for a refusal message). */
    Offered forTarget(SshTarget t) throws TransportException {
        IdentityRepository agent = agent(t.agent());
        List<Identity> fromAgent = agent == null ? List.of() : List.copyOf(agent.getIdentities());
        List<byte[]> agentBlobs = fromAgent.stream().map(Identity::getPublicKeyBlob).toList();
        List<Identity> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path id : t.identities()) {
            if (!Files.isReadable(id)) {
                if (t.identityExplicit()) {
                    throw new TransportException(t.label() + ": identity file " + id + " is missing or unreadable"
                            + " — fix ssh: identity in the inventory (or IdentityFile in ~/.ssh/config)");
                }
                continue;
            }
            Identity loaded = load(t, id, agentBlobs, notes);
            if (loaded != null) {
                files.add(loaded);
            }
        }
        return new Offered(new Repository(agent, files), fromAgent.size(), t.agent(), List.copyOf(notes));
    }

    /** The repository handed to JSch, with what it holds for messages. */
    record Offered(IdentityRepository repository, int agentKeys, Path agentSocket, List<String> notes) {
        String describe(List<Path> files) {
            String agentPart = agentSocket == null ? "no agent"
                    : agentKeys + " key" + (agentKeys == 1 ? "" : "s") + " of the agent at " + agentSocket;
            return files + " and " + agentPart + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
        }
    }

    private Identity load(SshTarget t, Path id, List<byte[]> agentBlobs, List<String> notes)
            throws TransportException {
        Identity cached = decrypted.get(id);
        if (cached != null) {
            return cached;
        }
        JSch jsch = new JSch();
        KeyPair pair;
        try {
            pair = KeyPair.load(jsch, id.toString());
        } catch (JSchException e) {
            throw new TransportException(t.label() + ": cannot load identity " + id + ": " + e.getMessage()
                    + " — give a private key in OpenSSH or PEM format (ssh: identity)", e);
        }
        try {
            if (!pair.isEncrypted()) {
                return identity(jsch, id, null);
            }
            byte[] blob = pair.getPublicKeyBlob();
            if (blob != null && agentBlobs.stream().anyMatch(b -> Arrays.equals(b, blob))) {
                return null;        // the agent holds it: no passphrase needed
            }
            boolean wrong = false;
            for (int i = 0; i < TRIES; i++) {
                String pass = passphrases.passphrase(id, t.label(), wrong);
                if (pass == null) {
                    break;
                }
                if (pair.decrypt(pass)) {
                    Identity ok = identity(jsch, id, pass.getBytes(StandardCharsets.UTF_8));
                    decrypted.put(id, ok);
                    return ok;
                }
                wrong = true;
            }
            String how = "add it to your ssh-agent (ssh-add " + id + "), set " + SshAuth.PASSPHRASE_ENV
                    + ", or run in a terminal (without --no-input) to be asked for it";
            if (wrong) {
                throw new TransportException(t.label() + ": the passphrase given for the key " + id
                        + " does not decrypt it — check " + SshAuth.PASSPHRASE_ENV + " or type it again; or " + how);
            }
            if (t.identityExplicit()) {
                throw new TransportException(t.label() + ": the key " + id + " has a passphrase and none was given"
                        + " — " + how);
            }
            notes.add(id + " left out: it has a passphrase and none was given");
            return null;
        } finally {
            pair.dispose();
        }
    }

    private static Identity identity(JSch jsch, Path id, byte[] passphrase) throws TransportException {
        try {
            jsch.addIdentity(id.toString(), passphrase);
            return jsch.getIdentityRepository().getIdentities().get(0);
        } catch (JSchException e) {
            throw new TransportException("cannot load identity " + id + ": " + e.getMessage(), e);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    private static IdentityRepository agent(Path socket) {
        if (socket == null || !Files.exists(socket)) {
            return null;
        }
        try {
            AgentIdentityRepository repo = new AgentIdentityRepository(
                    new SSHAgentConnector(new UnixDomainSocketFactory(), socket));
            return repo.getStatus() == IdentityRepository.RUNNING ? repo : null;
        } catch (AgentProxyException e) {
            return null;
        }
    }

    /** The agent's keys, then the files'; read-only (JSch never adds to it). */
    private static final class Repository implements IdentityRepository {
        private final IdentityRepository agent;
        private final List<Identity> files;

        Repository(IdentityRepository agent, List<Identity> files) {
            this.agent = agent;
            this.files = files;
        }

        @Override
        public String getName() {
            return "stepwise";
        }

        @Override
        public int getStatus() {
            return RUNNING;
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> all = new Vector<>();
            if (agent != null) {
                all.addAll(agent.getIdentities());
            }
            all.addAll(files);
            return all;
        }

        @Override
        public boolean add(byte[] identity) {
            return false;
        }

        @Override
        public boolean remove(byte[] blob) {
            return false;
        }

        @Override
        public void removeAll() {
        }
    }
}
