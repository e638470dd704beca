package io.stepwise.lab;

import io.stepwise.cli.Main;
import io.stepwise.run.Connectors;
import io.stepwise.transport.ssh.SshConnector;
import io.stepwise.transport.ssh.SshTarget;
import java.time.Clock;

/**
 * {@code stepwise} for the lab tests, run in a child process like an operator's: the CLI with the SSH
 * transport registered (until the CLI registers it itself, this is where it is wired for the tests).
 */
public final class LabCli {
    private LabCli() {
    }

    public static void main(String[] args) {
        Connectors.registerSsh((inventory, secrets) -> new SshConnector(inventory.ssh(), Clock.systemUTC(),
                inventory.source(), SshTarget.defaultSshConfig()));
        Main.main(args);
    }
}
