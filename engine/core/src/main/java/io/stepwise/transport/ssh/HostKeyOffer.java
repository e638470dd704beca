package io.stepwise.transport.ssh;

import java.util.Base64;
import java.util.List;

/**
 * The host key a server offered, as {@code stepwise trust} shows it.
 *
 * @param knownName         the name the key is filed under in known_hosts ({@code [addr]:port} off port 22)
 * @param knownFingerprints what known_hosts holds for that name, every type, as {@code TYPE SHA256:...}
 */
public record HostKeyOffer(SshTarget target, String knownName, String type, byte[] key, String fingerprint,
                           Status status, List<String> knownFingerprints) {

    /** Whether known_hosts already has this key, lacks any key for the host, or has another key (of any type). */
    public enum Status { KNOWN, UNKNOWN, CHANGED }

    /** The line to append to known_hosts: {@code NAME TYPE BASE64}. */
    String knownHostsLine() {
        return knownName + " " + type + " " + Base64.getEncoder().encodeToString(key);
    }
}
