package io.stepwise.cli;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.TrustResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    public Integer call() throws StepwiseException {
        TrustResult r = Engine.trust(inventoryFile, names, yes, spec.commandLine().getOut(), spec.commandLine().getErr(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        return switch (r) {
            case TRUSTED -> ExitCode.OK;
            case REFUSED -> ExitCode.REFUSED;
            case UNREACHABLE -> ExitCode.STEP_FAILED;
        };
    }
}
