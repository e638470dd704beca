package io.stepwise.transport.ssh;

import com.jcraft.jsch.Session;
import io.stepwise.model.Ticker;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.HostKeyException;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.TransportException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reboots a host: issues the reboot detached (so the command itself returns), waits until the SSH
 * session goes away, then reconnects until the host answers again, all within one timeout. The
 * command is {@code systemctl reboot || reboot}; tests replace it with the system property
 * {@value #COMMAND_PROPERTY} so that they restart a private sshd instead of the machine.
 *
 * <p>A dropped connection is not a reboot: the host's boot — its boot id ({@value #BOOT_ID}, new at every boot of
 * the kernel), the start time of its process 1 (new when a system container restarts, whose kernel and boot id
 * stay) and systemd's count of soft reboots (which keep both) — is read before the command and again once SSH
 * answers. While it is the same, or cannot be read, the host has not been seen rebooted (a network blip cut the
 * session, the reboot is still to come, or the host is still going down): Stepwise waits for it to go down again,
 * and at the timeout the step fails saying so — never "rebooted" for a host that was not. A host without a boot id
 * before the reboot (not Linux) is judged by the dropped session alone, as before. A host may name another file for
 * its boot id in its environment, {@code STEPWISE_BOOT_ID_FILE}: the lab and the tests do, because their reboot is
 * simulated.
 */
final class Reboot {
    static final String COMMAND_PROPERTY = "stepwise.test.reboot-command";
    private static final String DEFAULT_COMMAND = "systemctl reboot || reboot";
    static final String BOOT_ID = "/proc/sys/kernel/random/boot_id";
    /**
     * Prints the boot id, process 1's start time (field 22 of its stat, after the command name in parentheses) and
     * systemd's soft-reboot count, "-" for either of the last two that cannot be read.
     */
    private static final String READ_BOOT = "b=$(cat \"${STEPWISE_BOOT_ID_FILE:-" + BOOT_ID + "}\" 2>/dev/null);"
            + " s=$(sed 's/.*) //' /proc/1/stat 2>/dev/null | cut -d' ' -f20);"
            + " c=$(systemctl show -P SoftRebootsCount 2>/dev/null); echo \"$b ${s:--} ${c:--}\"";

    private final SshConnection connection;
    private final Ticker ticker;

    private final OutputListener notes;

    Reboot(SshConnection connection, Ticker ticker, OutputListener notes) {
        this.connection = connection;
        this.ticker = ticker;
        this.notes = notes;
    }

    void run(Duration timeout) throws TransportException {
        String name = connection.hostName();
        long deadline = ticker.nanoTime() + timeout.toNanos();
        String bootBefore = boot();
        Session before = connection.session();
        String command = System.getProperty(COMMAND_PROPERTY, DEFAULT_COMMAND);
        String detached = "nohup sh -c " + quote("sleep 1; " + command) + " >/dev/null 2>&1 </dev/null &";
        try {
            var r = connection.exec(detached, Duration.ofSeconds(30), OutputListener.NONE);
            if (r.exitCode() != 0) {
                throw new TransportException(name + ": the reboot command failed with exit " + r.exitCode());
            }
        } catch (ConnectionLostException e) {
            // it went down at once, or the connection dropped: the boot id tells which
        }
        for (boolean first = true; ; first = false) {
            if (before != null) {
                waitDown(before, deadline, first ? name + ": still connected " + timeout.toSeconds() + "s after `"
                        + command + "` — the host did not go down; check it on its console"
                        : notRebooted(name, timeout, bootBefore));
            }
            reconnect(deadline, timeout);
            if (bootBefore == null) {
                return;
            }
            String now = boot();
            if (now != null && !now.equals(bootBefore)) {
                return;
            }
            // the same boot (the session dropped without a reboot, or the reboot is still to come), or none read (the
            // host went down again while it was asked): not seen rebooted yet
            if (first) {
                long left = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - ticker.nanoTime()));
                notes.stdout((now == null ? "answers SSH again, but its boot id cannot be read now"
                        : "answers SSH again but has not restarted (same boot id " + bootBefore + ")")
                        + ": the session dropped without a reboot, or the reboot is still to come; waiting up to "
                        + left + "s more for it to restart\n");
            }
            if (ticker.nanoTime() - deadline > 0) {
                throw new TransportException(now == null ? name + ": answers SSH again, but whether it rebooted cannot"
                        + " be told within " + timeout.toSeconds() + "s: its boot id (" + BOOT_ID + ") could be read"
                        + " before the reboot and not since. Check the host (uptime, its console), then resume: the"
                        + " reboot step runs again (resume --assume-done STEP if it did reboot)"
                        : notRebooted(name, timeout, bootBefore));
            }
            before = connection.currentSession();
        }
    }

    private static String notRebooted(String name, Duration timeout, String boot) {
        return name + ": answers SSH but has not rebooted within " + timeout.toSeconds() + "s: its boot id ("
                + BOOT_ID + ", or the file STEPWISE_BOOT_ID_FILE names), the start of its process 1 and its soft"
                + " reboots are still " + boot + " — the connection dropped, but"
                + " the host did not restart. Check it (uptime, its console), then resume: the reboot step runs again"
                + " (resume --assume-done STEP if you rebooted it yourself)";
    }

    /**
     * The host's boot id, the start of its process 1 and its soft reboots ({@code "ID START SOFT"}, each of the last
     * two "-" where it cannot be read), or null when there is no boot id to read.
     */
    private String boot() {
        try {
            StringBuilder out = new StringBuilder();
            var r = connection.exec(READ_BOOT, Duration.ofSeconds(30), OutputListener.stdout(chunk -> {
                if (out.length() < 200) {
                    out.append(chunk);
                }
            }));
            String boot = out.toString().strip().toLowerCase(java.util.Locale.ROOT);
            return r.exitCode() == 0 && boot.matches("[0-9a-f-]{36} ([0-9]+|-) ([0-9]+|-)") ? boot : null;
        } catch (TransportException e) {
            return null;
        }
    }

    private void waitDown(Session session, long deadline, String stillUp) throws TransportException {
        while (session.isConnected()) {
            if (ticker.nanoTime() - deadline > 0) {
                throw new TransportException(stillUp);
            }
            try {
                session.sendKeepAliveMsg();
            } catch (Exception e) {
                break;
            }
            sleep(200);
        }
    }

    private void reconnect(long deadline, Duration timeout) throws TransportException {
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
        throw new TransportException(connection.hostName() + ": did not accept SSH again within " + timeout.toSeconds()
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
