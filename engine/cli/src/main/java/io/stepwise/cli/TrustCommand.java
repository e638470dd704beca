package io.stepwise.cli;

import io.stepwise.load.InventoryLoader;
import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.transport.TransportException;
import io.stepwise.transport.ssh.HostKeyOffer;
import io.stepwise.transport.ssh.HostTrust;
import io.stepwise.transport.ssh.SshConnector;
import io.stepwise.transport.ssh.SshTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepwise trust -i INVENTORY [HOST...]}: shows host key fingerprints and adds confirmed keys to known_hosts. */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Fetch the SSH host key of each host (all SSH hosts of the inventory when none is named), show"
                + " its SHA256 fingerprint and, once you confirm it matches the host's own (ssh-keygen -lf"
                + " /etc/ssh/ssh_host_ed25519_key.pub on its console), add it to the known_hosts file the inventory"
                + " uses. A key that differs from the one already known is never replaced.",
        footer = {"", "Exit codes: 0 every host is trusted, 1 a host could not be reached,",
            "4 a key changed or was not confirmed.", "", "Example:", "  stepwise trust -i inventory.yaml xop-a xop-b"})
final class TrustCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, required = true, paramLabel = "INVENTORY", description = "The inventory.")
    Path inventoryFile;

    @Parameters(arity = "0..*", paramLabel = "HOST", description = "Inventory host names (default: every SSH host).")
    List<String> names = new ArrayList<>();

    @Option(names = "--yes", description = "Add unknown keys without asking (check the fingerprints printed).")
    boolean yes;

    @Override
    public Integer call() {
        Inventory inventory = InventoryLoader.load(inventoryFile);
        List<Host> hosts = select(inventory);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BufferedReader answers = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int unreachable = 0;
        int refused = 0;
        try (SshConnector ssh = new SshConnector(inventory.ssh(), Clock.systemUTC(), inventoryFile.toString(),
                SshTarget.defaultSshConfig())) {
            HostTrust trust = new HostTrust(ssh);
            for (Host h : hosts) {
                try {
                    if (!trustOne(trust, h, out, err, answers)) {
                        refused++;
                    }
                } catch (TransportException e) {
                    err.println("stepwise: " + e.getMessage());
                    unreachable++;
                }
                out.flush();
                err.flush();
            }
        }
        return unreachable > 0 ? ExitCode.STEP_FAILED : refused > 0 ? ExitCode.REFUSED : ExitCode.OK;
    }

    /** True when the host's key is trusted afterwards. */
    private boolean trustOne(HostTrust trust, Host h, PrintWriter out, PrintWriter err, BufferedReader answers)
            throws TransportException {
        HostKeyOffer o = trust.offer(h);
        Path file = o.target().knownHosts();
        String where = h.name() + " (" + o.knownName() + ")";
        switch (o.status()) {
            case KNOWN -> {
                out.println(where + ": " + o.type() + " " + o.fingerprint() + " — already trusted in " + file);
                return true;
            }
            case CHANGED -> {
                err.println("stepwise: " + where + ": HOST KEY CHANGED — " + file + " has "
                        + String.join(", ", o.knownFingerprints()) + ", the host now offers " + o.type() + " "
                        + o.fingerprint()
                        + ". This may be a man-in-the-middle attack; nothing was changed. If the host was reinstalled,"
                        + " check the new fingerprint on its console, remove the old key with: ssh-keygen -R '"
                        + o.knownName() + "' -f " + file + " and run trust again.");
                return false;
            }
            default -> {
                out.println(where + ": " + o.type() + " " + o.fingerprint() + " (not in " + file + ")");
                if (!yes && !confirmed(out, answers, file)) {
                    err.println("stepwise: " + h.name() + ": not added" + (yes ? "" : " (answer y, or pass --yes after"
                            + " checking the fingerprint)"));
                    return false;
                }
                trust.add(o);
                out.println(where + ": added to " + file);
                return true;
            }
        }
    }

    private static boolean confirmed(PrintWriter out, BufferedReader answers, Path file) {
        out.print("  Does it match the host's own fingerprint? Add it to " + file + "? [y/N] ");
        out.flush();
        try {
            String line = answers.readLine();
            return line != null && List.of("y", "yes").contains(line.trim().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }

    private List<Host> select(Inventory inventory) {
        List<Host> ssh = inventory.hosts().stream()
                .filter(h -> h.connection() == null || h.connection() == Host.Connection.SSH).toList();
        if (names.isEmpty()) {
            if (ssh.isEmpty()) {
                throw new UserError(ExitCode.BAD_INPUT, inventoryFile + " has no SSH hosts: nothing to trust");
            }
            return ssh;
        }
        List<Host> out = new ArrayList<>();
        for (String n : names) {
            Host h = inventory.hosts().stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow(() ->
                    new UserError(ExitCode.BAD_INPUT, inventoryFile + ": no host named '" + n + "' (hosts: "
                            + String.join(", ", inventory.hosts().stream().map(Host::name).toList()) + ")"));
            if (!ssh.contains(h)) {
                throw new UserError(ExitCode.BAD_INPUT, inventoryFile + ": host '" + n + "' has connection: "
                        + h.connection().name().toLowerCase(Locale.ROOT) + ", which does not use SSH host keys");
            }
            out.add(h);
        }
        return out;
    }
}
