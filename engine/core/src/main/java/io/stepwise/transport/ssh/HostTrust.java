package io.stepwise.transport.ssh;

import io.stepwise.model.Host;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What {@code stepwise trust} does with a host's key: fetch it (without logging in) so that the
 * operator can compare fingerprints, then append it to the known_hosts file. A changed key is never
 * replaced here: the operator removes the old line with {@code ssh-keygen -R} first, on purpose.
 */
public final class HostTrust {
    private final SshConnector connector;

    public HostTrust(SshConnector connector) {
        this.connector = connector;
    }

    /** The key the host offers now and how it compares with known_hosts. */
    public HostKeyOffer offer(Host host) throws TransportException {
        return connector.fetchHostKey(host);
    }

    /**
     * Appends an unknown key to known_hosts; an already known key is left as is; a changed key — also a key of
     * another type than the one known_hosts holds for the host — is refused.
     */
    public void add(HostKeyOffer offer) throws TransportException {
        Path file = offer.target().knownHosts();
        switch (offer.status()) {
            case KNOWN -> {
                return;
            }
            case CHANGED -> throw new HostKeyException("refusing to replace the key of "
                    + offer.target().name() + " in " + file + ": it has " + String.join(", ", offer.knownFingerprints())
                    + ", the host now offers " + offer.type() + " " + offer.fingerprint() + ". This may be a"
                    + " man-in-the-middle attack. If the host was really reinstalled (check its fingerprint on its"
                    + " console), remove the old key with: ssh-keygen -R '" + offer.knownName() + "' -f " + file
                    + " and run trust again");
            case UNKNOWN -> append(file, offer.knownHostsLine());
            default -> throw new IllegalStateException(offer.status().toString());
        }
    }

    private static void append(Path file, String line) throws TransportException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            Files.writeString(file, prefix + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new TransportException("cannot add the key to " + file + ": " + e.getMessage(), e);
        }
    }
}
