package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.text.Template;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.Connector;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Copies a file between hosts through the engine, on any transport: streamed from
 * {@link HostConnection#openRead} to {@link HostConnection#openWrite} while SHA-256 is computed, then
 * compared with {@code sha256sum} run on the target.
 */
final class Copier {
    /** A role name meaning the engine's own machine. */
    static final String LOCAL = "local";
    static final Host LOCAL_HOST = new Host("local", "127.0.0.1", List.of(), Host.Connection.LOCAL, null, null,
            Map.of(), null);

    private final Plan plan;
    private final Connector connector;

    Copier(Plan plan, Connector connector) {
        this.plan = plan;
        this.connector = connector;
    }

    StepResult copy(Action.Copy c, String role, Host host, Function<String, String> values, StepOutput out)
            throws TransportException {
        Host from = end(c.fromRole(), role, host);
        Host to = end(c.toRole(), role, host);
        String fromPath = Template.text(c.fromPath(), values);
        String toPath = Template.text(c.toPath(), values);
        if (sameFile(from, fromPath, to, toPath)) {
            return StepResult.failure("copy " + from.name() + ":" + fromPath + " -> " + to.name() + ":" + toPath
                    + ": source and target are the same file on " + from.address()
                    + " (copying would empty it); give the target another path", Map.of());
        }
        HostConnection src = connector.connect(from);
        HostConnection dst = connector.connect(to);
        String before = checksum(src, fromPath);
        if (before == null) {
            return StepResult.failure("copy: " + from.name() + ":" + fromPath
                    + " cannot be read (sha256sum failed): check that the file exists", Map.of());
        }
        String mode = c.mode() != null ? c.mode() : src.mode(fromPath);
        out.note("copy " + from.name() + ":" + fromPath + " -> " + to.name() + ":" + toPath + " (mode " + mode + ")");
        String sent;
        long bytes = 0;
        try (InputStream raw = src.openRead(fromPath);
             DigestInputStream in = new DigestInputStream(raw, sha256());
             OutputStream os = dst.openWrite(toPath, mode)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                os.write(buf, 0, n);
                bytes += n;
            }
            sent = HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectionLostException lost) {
                throw lost;
            }
            // cut off mid-stream: the target may hold part of the file, so the copy is in doubt and resume
            // settles it by comparing checksums
            throw new ConnectionLostException("copy " + from.name() + ":" + fromPath + " -> " + to.name() + ":"
                    + toPath + " was cut off after " + bytes + " bytes: " + e.getMessage(), e);
        }
        if (!sent.equals(before)) {
            return StepResult.failure("copy: " + from.name() + ":" + fromPath + " changed while it was copied (sha256 "
                    + before + " before, " + sent + " sent); make sure nothing writes it, then resume",
                    Map.of("sha256", sent, "bytes", String.valueOf(bytes)));
        }
        String received = checksum(dst, toPath);
        Map<String, String> data = Map.of("sha256", sent, "bytes", String.valueOf(bytes));
        if (!sent.equals(received)) {
            return StepResult.failure("checksum mismatch after copy: sent " + sent + ", " + to.name() + " has "
                    + received, data);
        }
        out.note(bytes + " bytes, sha256 " + sent + " on both ends");
        return StepResult.success(Map.of(), data);
    }

    /** Both ends have the same SHA-256: an interrupted copy did arrive. */
    boolean arrived(Action.Copy c, String role, Host host, Function<String, String> values) throws TransportException {
        Host from = end(c.fromRole(), role, host);
        Host to = end(c.toRole(), role, host);
        String a = checksum(connector.connect(from), Template.text(c.fromPath(), values));
        String b = checksum(connector.connect(to), Template.text(c.toPath(), values));
        return a != null && a.equals(b);
    }

    /**
     * Two ends on one machine with one path are one file: hosts with one address share a filesystem (two
     * sshd ports on one machine, as in the lab), and local hosts and loopback addresses are this machine.
     */
    private static boolean sameFile(Host from, String fromPath, Host to, String toPath) {
        boolean sameMachine = from == to || machine(from).equals(machine(to));
        return sameMachine && Path.of(fromPath).normalize().equals(Path.of(toPath).normalize());
    }

    private static String machine(Host h) {
        String a = h.address();
        if (h.connection() == Host.Connection.LOCAL || a == null || a.equals("localhost") || a.startsWith("127.")
                || a.equals("::1")) {
            return h.connection() == Host.Connection.MANUAL ? "manual:" + h.name() : "this machine";
        }
        return a;
    }

    private Host end(String endRole, String stepRole, Host host) throws TransportException {
        if (endRole == null || endRole.equals(stepRole)) {
            return host;
        }
        if (endRole.equals(LOCAL)) {
            return LOCAL_HOST;
        }
        List<Host> hosts = plan.inventory().hostsWithRole(endRole);
        if (hosts.size() != 1) {
            throw new TransportException("copy: role " + endRole + " has " + hosts.size()
                    + " hosts in the inventory; a copy end needs exactly one");
        }
        return hosts.get(0);
    }

    private static String checksum(HostConnection conn, String path) throws TransportException {
        StringBuilder stdout = new StringBuilder();
        ExecResult r = conn.exec("sha256sum -- " + Template.shellQuote(path), Duration.ofMinutes(10),
                new OutputListener() {
                    @Override
                    public void stdout(String chunk) {
                        stdout.append(chunk);
                    }

                    @Override
                    public void stderr(String chunk) {
                    }
                });
        if (r.exitCode() != 0) {
            return null;
        }
        String text = stdout.toString().trim();
        int space = text.indexOf(' ');
        return space > 0 ? text.substring(0, space) : text;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
