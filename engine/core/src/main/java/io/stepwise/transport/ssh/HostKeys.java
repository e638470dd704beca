package io.stepwise.transport.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import io.stepwise.transport.HostKeyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Strict host key checking against one known_hosts file (plain, hashed and {@code [host]:port}
 * entries). JSch asks {@link #check}; the answer and the offered key are remembered so that a refusal
 * can name the key's SHA256 fingerprint. Nothing is ever added or removed here: accepting a key is
 * {@code stepwise trust}'s job, after the operator saw the fingerprint.
 */
final class HostKeys implements HostKeyRepository {
    private final Path file;
    private final HostKeyRepository known;
    private volatile Offer offer;

    /** What the server offered and what known_hosts said about it. */
    record Offer(String host, byte[] key, int result) {
        String type() {
            return keyType(key);
        }

        String fingerprint() {
            return HostKeys.fingerprint(key);
        }
    }

    HostKeys(Path file) throws JSchException {
        this.file = file;
        JSch jsch = new JSch();
        if (file.toFile().exists()) {
            jsch.setKnownHosts(file.toString());
        }
        this.known = jsch.getHostKeyRepository();
    }

    Path file() {
        return file;
    }

    /** The last key the server offered, or null when the key exchange did not get that far. */
    Offer offer() {
        return offer;
    }

    /**
     * OK, NOT_INCLUDED or CHANGED. A host that known_hosts knows only by a key of another type than the one
     * offered counts as CHANGED, as in OpenSSH: a server that suddenly offers another key type may be a
     * man-in-the-middle that cannot present the known key.
     */
    @Override
    public int check(String host, byte[] key) {
        int result;
        if (host.startsWith("[")) {
            // [host]:port as OpenSSH matches it: only lines that name it. JSch falls back to the plain host's lines,
            // so a port-22 key of the same address made every other port's key look CHANGED (a false alarm that
            // stepwise trust could not clear)
            List<HostKey> named = named(host);
            boolean ok = named.stream().anyMatch(k -> plain(k) && java.util.Arrays.equals(bytes(k), key));
            boolean revoked = named.stream().anyMatch(k -> "@revoked".equals(k.getMarker())
                    && java.util.Arrays.equals(bytes(k), key));
            result = ok && !revoked ? OK : revoked || named.stream().anyMatch(HostKeys::plain) ? CHANGED : NOT_INCLUDED;
        } else {
            result = known.check(host, key);
            if (result == NOT_INCLUDED && !knownFingerprints(host).isEmpty()) {
                result = CHANGED;
            }
        }
        offer = new Offer(host, key.clone(), result);
        return result;
    }

    /** A key line without a marker ({@code @revoked}, {@code @cert-authority}). */
    private static boolean plain(HostKey k) {
        return k.getMarker() == null || k.getMarker().isEmpty();
    }

    private static byte[] bytes(HostKey k) {
        return Base64.getDecoder().decode(k.getKey());
    }

    /** The lines whose host names hold exactly {@code host}: listed plainly, or hashed ({@code |1|salt|hash}). */
    private List<HostKey> named(String host) {
        List<HostKey> out = new ArrayList<>();
        HostKey[] all = known.getHostKey();
        if (all != null) {
            for (HostKey k : all) {
                if (names(k.getHost(), host)) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    static boolean names(String list, String host) {
        if (list == null) {
            return false;
        }
        if (list.startsWith("|1|")) {
            String[] f = list.split("\\|");
            if (f.length != 4) {
                return false;
            }
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
                mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(f[2]), "HmacSHA1"));
                return MessageDigest.isEqual(mac.doFinal(host.getBytes(StandardCharsets.UTF_8)),
                        Base64.getDecoder().decode(f[3]));
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
        return java.util.Arrays.asList(list.split(",")).contains(host);
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // never: keys are added by `stepwise trust` only
    }

    @Override
    public void remove(String host, String type) {
        // never: a changed key is removed by the operator (ssh-keygen -R)
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // never
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }

    /** The keys known_hosts holds for {@code host}, of every type, as {@code TYPE SHA256:...} (for a changed key). */
    List<String> knownFingerprints(String host) {
        List<String> out = new ArrayList<>();
        HostKey[] keys = host.startsWith("[") ? named(host).stream().filter(HostKeys::plain).toArray(HostKey[]::new)
                : known.getHostKey(host, null);
        if (keys != null) {
            for (HostKey k : keys) {
                out.add(k.getType() + " " + fingerprint(Base64.getDecoder().decode(k.getKey())));
            }
        }
        return out;
    }

    /** The refusal for the last offer, or null when the key was accepted or never offered. */
    HostKeyException refusal(SshTarget target, String inventoryPath) {
        Offer o = offer;
        if (o == null || o.result() == OK) {
            return null;
        }
        String where = target.label() + " (" + target.knownHostsName() + ")";
        String trust = target.jumpFor() != null
                ? "ssh -o UserKnownHostsFile=" + file + " -p " + target.port() + " " + target.user() + "@"
                  + target.address() + " true (answer yes once the fingerprint matches; a later jump host is reached"
                  + " with ssh -J and the hosts before it)"
                : "stepwise trust -i " + (inventoryPath == null ? "INVENTORY" : inventoryPath) + " " + target.name();
        if (o.result() == CHANGED) {
            return HostKeyException.changed(where, file, knownFingerprints(o.host()), o.type(), o.fingerprint(), o.host(),
                    trust);
        }
        return new HostKeyException("unknown host key for " + where + ": the server offered " + o.type() + " "
                + o.fingerprint() + ", which is not in " + file + ". Compare it with the host's own fingerprint"
                + " (ssh-keygen -lf /etc/ssh/ssh_host_" + HostKeyException.shortType(o.type()) + "_key.pub on its console); if they"
                + " match, trust it with: " + trust);
    }

    /** OpenSSH's fingerprint format: {@code SHA256:} and the unpadded base64 of the key blob's SHA-256. */
    static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key type named inside the blob, e.g. {@code ssh-ed25519}. */
    static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "unknown";
        }
        int len = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (len <= 0 || len > blob.length - 4) {
            return "unknown";
        }
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }
}
