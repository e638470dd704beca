package io.stepwise.transport.ssh;

import com.jcraft.jsch.Session;
import io.stepwise.model.Ticker;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.TransportException;
import java.time.Duration;

/**
 * Reboots a host: issues the reboot detached (so the command itself returns), waits until the SSH
 * session goes away, then reconnects until the host answers again, all within one timeout. The
 * command is {@code systemctl reboot || reboot}; tests replace it with the system property
 * {@value #COMMAND_PROPERTY} so that they restart a private sshd instead of the machine.
 */
final class Reboot {
    static final String COMMAND_PROPERTY = "stepwise.test.reboot-command";
    private static final String DEFAULT_COMMAND = "systemctl reboot || reboot";

    private final SshConnection connection;
    private final Ticker ticker;

    Reboot(SshConnection connection, Ticker ticker) {
        this.connection = connection;
        this.ticker = ticker;
    }

    void run(Duration timeout) throws TransportException {
        String name = connection.hostName();
        long deadline = ticker.nanoTime() + timeout.toNanos();
        Session before = connection.session();
        String command = System.getProperty(COMMAND_PROPERTY, DEFAULT_COMMAND);
        String detached = "nohup sh -c " + quote("sleep 1; " + command) + " >/dev/null 2>&1 </dev/null &";
        try {
            var r = connection.exec(detached, Duration.ofSeconds(30), OutputListener.NONE);
            if (r.exitCode() != 0) {
                throw new TransportException(name + ": the reboot command failed with exit " + r.exitCode());
            }
        } catch (ConnectionLostException e) {
            // it went down at once: fine
        }
        while (before.isConnected()) {
            if (ticker.nanoTime() - deadline > 0) {
                throw new TransportException(name + ": still connected " + timeout.toSeconds() + "s after `"
                        + command + "` — the host did not go down; check it on its console");
            }
            try {
                before.sendKeepAliveMsg();
            } catch (Exception e) {
                break;
            }
            sleep(200);
        }
        TransportException last = null;
        while (ticker.nanoTime() - deadline <= 0) {
            try {
                connection.reconnect();
                return;
            } catch (HostKeyException e) {
                throw e;
            } catch (TransportException e) {
                last = e;
                sleep(500);
            }
        }
        throw new TransportException(name + ": did not accept SSH again within " + timeout.toSeconds()
                + "s after the reboot" + (last == null ? "" : " (last error: " + last.getMessage() + ")")
                + " — check the host on its console, then resume", last);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void sleep(long ms) throws TransportException {
        try {
            ticker.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for the host to reboot", e);
        }
    }
}
