package io.stepwise.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * A host key was unknown or changed. Never bypassed silently: the message carries the SHA256
 * fingerprint and, for an unknown key, the {@code stepwise trust} command that accepts it.
 */
public class HostKeyException extends TransportException {
    public HostKeyException(String message) {
        super(message);
    }

    /**
     * The one text for a changed host key, whether a step's connection or {@code stepwise trust} met it.
     *
     * @param where     the host as the operator knows it, e.g. {@code db1 ([127.0.0.1]:2222)}
     * @param knownName the host's name in the known_hosts file, for {@code ssh-keygen -R}
     * @param then      what to run once the old key is removed
     */
    public static HostKeyException changed(String where, Path file, List<String> knownFingerprints, String type,
            String fingerprint, String knownName, String then) {
        return new HostKeyException("HOST KEY CHANGED for " + where + ": " + file + " has "
                + String.join(", ", knownFingerprints) + " but the host now offers " + type + " " + fingerprint
                + ". This may be a man-in-the-middle attack; nothing was run or changed. If the host was reinstalled,"
                + " check the new fingerprint on its console (ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type)
                + "_key.pub), remove the old key with: ssh-keygen -R '" + knownName + "' -f " + file
                + " and then run: " + then);
    }

    /** The name of a host key's file for a key type, as in {@code /etc/ssh/ssh_host_NAME_key.pub}. */
    public static String shortType(String type) {
        if (type.contains("ed25519")) {
            return "ed25519";
        }
        if (type.startsWith("ecdsa")) {
            return "ecdsa";
        }
        return "rsa";
    }
}
