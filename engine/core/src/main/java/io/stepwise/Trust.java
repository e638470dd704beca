package io.stepwise;

import io.stepwise.load.InventoryLoader;
import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Ticker;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.TransportException;
import io.stepwise.transport.ssh.HostKeyOffer;
import io.stepwise.transport.ssh.HostTrust;
import io.stepwise.transport.ssh.SshConnector;
import io.stepwise.transport.ssh.SshTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link Engine#trust}: fetch each host's key, show its fingerprint, add it to known_hosts once confirmed. */
final class Trust {
    private final boolean yes;
    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader answers;

    Trust(boolean yes, PrintWriter out, PrintWriter err, BufferedReader answers) {
        this.yes = yes;
        this.out = out;
        this.err = err;
        this.answers = answers;
    }

    TrustResult trust(Path inventoryFile, List<String> names) throws StepwiseException {
        Inventory inventory = InventoryLoader.load(inventoryFile);
        List<Host> hosts = select(inventory, inventoryFile, names);
        int unreachable = 0;
        int refused = 0;
        try (SshConnector ssh = new SshConnector(inventory.ssh(), Ticker.SYSTEM, inventoryFile.toString(),
                SshTarget.defaultSshConfig())) {
            HostTrust trust = new HostTrust(ssh);
            for (Host h : hosts) {
                try {
                    if (!trustOne(trust, h, inventoryFile)) {
                        refused++;
                    }
                } catch (HostKeyException e) {
                    // a jump host on the way whose key is unknown or changed: refused, as the target's would be
                    err.println("stepwise: " + e.getMessage());
                    refused++;
                } catch (TransportException e) {
                    err.println("stepwise: " + e.getMessage());
                    unreachable++;
                }
                out.flush();
                err.flush();
            }
        }
        return unreachable > 0 ? TrustResult.UNREACHABLE : refused > 0 ? TrustResult.REFUSED : TrustResult.TRUSTED;
    }

    /** True when the host's key is trusted afterwards. */
    private boolean trustOne(HostTrust trust, Host h, Path inventoryFile) throws TransportException {
        HostKeyOffer o = trust.offer(h);
        Path file = o.target().knownHosts();
        String where = h.name() + " (" + o.knownName() + ")";
        switch (o.status()) {
            case KNOWN -> {
                out.println(where + ": " + o.type() + " " + o.fingerprint() + " — already trusted in " + file);
                return true;
            }
            case CHANGED -> {
                err.println("stepwise: " + HostKeyException.changed(where, file, o.knownFingerprints(), o.type(),
                        o.fingerprint(), o.knownName(), "stepwise trust -i " + inventoryFile + " " + h.name()).getMessage());
                return false;
            }
            default -> {
                out.println(where + ": " + o.type() + " " + o.fingerprint() + " (not in " + file + ")");
                if (!yes && !confirmed(file)) {
                    err.println("stepwise: " + h.name() + ": not added (answer y, or pass --yes after checking the"
                            + " fingerprint)");
                    return false;
                }
                trust.add(o);
                out.println(where + ": added to " + file);
                return true;
            }
        }
    }

    private boolean confirmed(Path file) {
        out.print("  Does it match the host's own fingerprint? Add it to " + file + "? [y/N] ");
        out.flush();
        try {
            String line = answers.readLine();
            return line != null && List.of("y", "yes").contains(line.trim().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Host> select(Inventory inventory, Path inventoryFile, List<String> names)
            throws StepwiseException {
        List<Host> ssh = inventory.hosts().stream()
                .filter(h -> h.connection() == null || h.connection() == Host.Connection.SSH).toList();
        if (names.isEmpty()) {
            if (ssh.isEmpty()) {
                throw new StepwiseException(StepwiseException.Kind.BAD_INPUT, inventoryFile
                        + " has no SSH hosts: nothing to trust");
            }
            return ssh;
        }
        List<Host> out = new ArrayList<>();
        for (String n : names) {
            Host h = inventory.hosts().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            if (h == null) {
                throw new StepwiseException(StepwiseException.Kind.BAD_INPUT, inventoryFile + ": no host named '" + n
                        + "' (hosts: " + String.join(", ", inventory.hosts().stream().map(Host::name).toList()) + ")");
            }
            if (!ssh.contains(h)) {
                throw new StepwiseException(StepwiseException.Kind.BAD_INPUT, inventoryFile + ": host '" + n
                        + "' has connection: " + h.connection().name().toLowerCase(Locale.ROOT)
                        + ", which does not use SSH host keys");
            }
            out.add(h);
        }
        return out;
    }
}
