package io.stepwise.run;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Plan;
import io.stepwise.text.Template;
import io.stepwise.transport.ConnectionLostException;
import io.stepwise.transport.Connector;
import io.stepwise.transport.DataPipe;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.TransportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Copies a file between hosts. The bytes go from {@code cat} on the source to {@code cat} on the target over
 * two exec channels through the engine ({@link CopyStream}), or, with {@code via: direct}, straight from the
 * source host to the target with the source's own ssh ({@link DirectCopy}); optionally compressed on the wire.
 *
 * <p>The target is written as {@code PATH.stepwise-part} and renamed into place only once its SHA-256 (computed
 * on the target) equals the source's; a source whose size or times changed while it was read is refused. A
 * copy cut off by a dropped connection keeps its part file, and the next attempt continues from its end when
 * the part's SHA-256 equals that of as many bytes of the source; a copy that failed otherwise (target disk
 * full, checksum mismatch) removes it.
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

    /** One copy under way: its two ends and what is known so far. */
    record Ends(Host from, String fromPath, HostConnection src, Host to, String toPath, HostConnection dst,
                String part, String label) {
    }

    /**
     * What a transfer sent: bytes, the SHA-256 of the source bytes when the engine saw them, and that of the part
     * file when the target hashed it as it wrote it (each null otherwise).
     */
    record Sent(long bytes, String sha256, String targetSha256, StepResult failure) {
        static Sent failed(StepResult failure) {
            return new Sent(0, null, null, failure);
        }
    }

    StepResult copy(Action.Copy c, String role, Host host, Function<String, String> values, StepOutput out)
            throws TransportException {
        Host from = end(c.fromRole(), role, host);
        Host to = end(c.toRole(), role, host);
        String fromPath = Template.text(c.fromPath(), values);
        String toPath = Template.text(c.toPath(), values);
        String label = "copy " + from.name() + ":" + fromPath + " -> " + to.name() + ":" + toPath;
        if (sameFile(from, fromPath, to, toPath)) {
            return StepResult.failure(label + ": source and target are the same file on " + from.address()
                    + " (copying would empty it); give the target another path", Map.of());
        }
        Ends e = new Ends(from, fromPath, connector.connect(from), to, toPath, connector.connect(to),
                toPath + CopyShell.PART, label);
        if (c.run() != null) {
            return streamed(e, Template.shell(c.run(), values), c.mode(), out);
        }
        // the source's state and a part left by an earlier attempt, asked of both hosts at once
        CompletableFuture<Long> partSize = async(() -> CopyShell.size(e.dst(), e.part()));
        CopyShell.FileState before = CopyShell.state(e.src(), fromPath);
        long have = join(partSize);
        if (before == null) {
            return StepResult.failure("copy: " + from.name() + ":" + fromPath
                    + " cannot be read: check that the file exists, is a regular file and is readable", Map.of());
        }
        String mode = c.mode() != null ? CopyShell.mode(c.mode()) : before.mode();
        String compressor = c.compress() ? compressor(e, out) : null;
        out.note(label + " (" + Progress.size(before.size()) + ", mode " + mode
                + (c.via() == Action.Via.DIRECT ? ", sent by " + from.name() + " itself" : "")
                + (compressor != null ? ", " + compressor + " on the wire" : "") + ")");
        long offset = have > 0 ? resumeOffset(e, have, before.size(), out) : 0;
        long t0 = System.nanoTime();
        // the source's own hash is needed when the engine does not see all its bytes uncompressed
        boolean engineSeesAll = c.via() == Action.Via.ENGINE && compressor == null && offset == 0;
        CompletableFuture<String> sourceSha = engineSeesAll ? null : hashLater(e.src(), fromPath);
        Sent sent;
        try {
            sent = c.via() == Action.Via.DIRECT
                    ? new DirectCopy(e, out).send(offset, compressor, before.size())
                    : viaEngine(e, offset, compressor, before.size(), out);
        } catch (TransportException | RuntimeException ex) {
            if (sourceSha != null) {
                sourceSha.cancel(true);
            }
            throw ex;
        }
        if (sent.failure() != null) {
            if (sourceSha != null) {
                sourceSha.cancel(true);
            }
            return sent.failure();
        }
        return verify(e, before, mode, sent, sourceSha, offset, t0, out);
    }

    private StepResult verify(Ends e, CopyShell.FileState before, String mode, Sent sent,
                              CompletableFuture<String> sourceSha, long offset, long t0, StepOutput out)
            throws TransportException {
        CompletableFuture<String> expected = sourceSha != null ? sourceSha : CompletableFuture.completedFuture(sent.sha256());
        // the target hashes its part while the source is asked whether it changed
        CompletableFuture<CopyShell.FileState> later = async(() -> CopyShell.state(e.src(), e.fromPath()));
        String got = sent.targetSha256() != null ? sent.targetSha256() : CopyShell.sha256(e.dst(), e.part());
        String want = join(expected);
        CopyShell.FileState after = join(later);
        if (after == null || !after.equals(before)) {
            String now = after == null ? "(it cannot be read now)" : CopyShell.sha256(e.src(), e.fromPath());
            removePart(e);
            return StepResult.failure("copy: " + e.from().name() + ":" + e.fromPath() + " changed while it was copied"
                    + " (size or modification time differ; sha256 " + (sent.sha256() != null ? sent.sha256() : want)
                    + " sent, the file now has " + now + "); make sure nothing writes it, then resume",
                    Map.of("bytes", String.valueOf(sent.bytes())));
        }
        Map<String, String> data = Map.of("sha256", String.valueOf(want), "bytes", String.valueOf(before.size()));
        if (want == null || !want.equals(got)) {
            removePart(e);
            return StepResult.failure("checksum mismatch after " + e.label() + ": the source has " + want + ", "
                    + e.to().name() + " has " + got + "; the partial file was removed — resume copies it again", data);
        }
        CopyShell.Captured done = CopyShell.run(e.dst(), CopyShell.finish(e.part(), e.toPath(), mode),
                java.time.Duration.ofMinutes(2));
        if (done.status != 0) {
            return StepResult.failure(e.label() + ": the verified copy could not be put in place on " + e.to().name()
                    + ": " + done.stderr() + (CopyShell.size(e.dst(), e.part()) >= 0 ? " (it is in " + e.part() + ")"
                    : ""), data);
        }
        double secs = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
        out.note(String.format(java.util.Locale.ROOT, "%d bytes%s in %.1f s (%.1f MB/s), sha256 %s on both ends",
                before.size(), offset > 0 ? " (" + offset + " of them from an earlier attempt)" : "", secs,
                (before.size() - offset) / secs / 1e6, want));
        return StepResult.success(Map.of(), data);
    }

    /**
     * {@code copy: {run: COMMAND, via: direct}}: the command's output is written on the source and sent to the
     * target as it is written ({@link DirectCopy#stream}); both parts are renamed into place once both ends'
     * SHA-256 agree, and removed otherwise. Always from the start: a part left by an earlier attempt is replaced.
     */
    private StepResult streamed(Ends e, String command, String modeText, StepOutput out) throws TransportException {
        String mode = modeText != null ? CopyShell.mode(modeText) : "0600";
        String keep = e.fromPath() + CopyShell.PART;
        out.note(e.label() + " (the output of the step's command on " + e.from().name() + ", written there and sent by "
                + e.from().name() + " itself while it is written, mode " + mode + ")");
        long t0 = System.nanoTime();
        DirectCopy.Streamed s = new DirectCopy(e, out).stream(command, keep);
        String want = s.result().sourceSha();
        String got = s.result().targetSha();
        if (s.failure() == null && !java.util.Objects.equals(want, got)) {
            s = new DirectCopy.Streamed(s.result(), StepResult.failure("checksum mismatch after " + e.label() + ": "
                    + e.from().name() + " sent " + want + ", " + e.to().name() + " wrote " + got
                    + "; both partial files were removed — resume runs it again", Map.of("sha256", String.valueOf(want))));
        }
        if (s.failure() != null) {
            CompletableFuture<CopyShell.Captured> mine = async(() -> CopyShell.run(e.src(), CopyShell.remove(keep),
                    java.time.Duration.ofMinutes(2)));
            removePart(e);
            join(mine);
            return s.failure();
        }
        // both ends put in place at once (a stop between the two leaves a step that runs again: nothing is lost)
        CompletableFuture<CopyShell.Captured> kept = async(() -> CopyShell.run(e.src(),
                CopyShell.finish(keep, e.fromPath(), mode), java.time.Duration.ofMinutes(2)));
        CopyShell.Captured done = CopyShell.run(e.dst(), CopyShell.finish(e.part(), e.toPath(), mode)
                + " && stat -L -c %s -- " + CopyShell.q(e.toPath()), java.time.Duration.ofMinutes(2));
        CopyShell.Captured source = join(kept);
        if (done.status != 0 || source.status != 0) {
            return StepResult.failure(e.label() + ": the verified copy could not be put in place: "
                    + (done.status != 0 ? e.to().name() + ": " + done.stderr() + " (it is in " + e.part() + ")" : "")
                    + (source.status != 0 ? " " + e.from().name() + ": " + source.stderr() + " (it is in " + keep + ")" : ""),
                    Map.of("sha256", want));
        }
        String bytes = done.stdout.trim();
        double secs = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
        long n = bytes.matches("[0-9]+") ? Long.parseLong(bytes) : -1;
        out.note(String.format(java.util.Locale.ROOT, "%s bytes written and sent in %.1f s (%.1f MB/s), sha256 %s on"
                + " both ends", n >= 0 ? String.valueOf(n) : "?", secs, Math.max(0, n) / secs / 1e6, want));
        return StepResult.success(Map.of(), Map.of("sha256", want, "bytes", n >= 0 ? String.valueOf(n) : "?"));
    }

    private Sent viaEngine(Ends e, long offset, String compressor, long size, StepOutput out) throws TransportException {
        Progress progress = compressor == null
                ? new Progress(out, "copy", size, offset, System::nanoTime)
                : new Progress(out, "copy (" + compressor + ", bytes on the wire)", -1, 0, System::nanoTime);
        CopyStream stream = new CopyStream();
        DataPipe in = e.src().pipe(CopyShell.read(e.fromPath(), offset, compressor));
        DataPipe o = null;
        try {
            // a new part is hashed on the target as it is written (no second pass over it after the transfer)
            boolean hashing = offset == 0;
            o = e.dst().pipe(hashing ? CopyShell.writeHashed(e.part(), compressor)
                    : CopyShell.write(e.part(), true, compressor));
            IOException failure = null;
            try {
                stream.run(in, o, compressor == null ? offset : 0, progress);
            } catch (IOException ex) {
                failure = ex;
            }
            if (lost(failure) || !o.connected() || !in.connected()) {
                throw cut(e, offset + stream.moved(), failure);
            }
            String report = "";
            if (hashing) {
                try {
                    o.stdin().close();
                    report = new String(o.stdout().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException ex) {
                    // the exit status below tells a dropped connection from a failed command
                }
            }
            int written;
            try {
                written = o.exitStatus();
            } catch (ConnectionLostException ex) {
                throw cut(e, offset + stream.moved(), ex);
            }
            if (written != 0 || CopyShell.writeFailed(report)) {
                in.close();
                removePart(e);
                return Sent.failed(StepResult.failure(e.label() + ": writing " + e.to().name() + ":" + e.part()
                        + " failed: " + orUnknown(o.stderr()) + " — the partial file was removed; free space on "
                        + e.to().name() + " (df -h " + parent(e.toPath()) + ") or fix the target path, then resume",
                        Map.of("bytes", String.valueOf(offset + stream.moved()))));
            }
            int read;
            try {
                read = in.exitStatus();
            } catch (ConnectionLostException ex) {
                throw cut(e, offset + stream.moved(), ex);
            }
            if (read != 0 || failure != null) {
                removePart(e);
                return Sent.failed(StepResult.failure(e.label() + ": reading " + e.from().name() + ":" + e.fromPath()
                        + " failed: " + orUnknown(failure != null ? failure.getMessage() : in.stderr())
                        + " — the partial file was removed; resume copies it again", Map.of()));
            }
            return new Sent(stream.moved(), compressor == null && offset == 0 ? stream.sha256() : null,
                    hashing ? CopyShell.received(report) : null, null);
        } finally {
            in.close();
            if (o != null) {
                o.close();
            }
        }
    }

    /** Continues a part file left by an attempt that was cut off, when it matches the source's first bytes. */
    private static long resumeOffset(Ends e, long have, long size, StepOutput out) throws TransportException {
        if (have <= size) {
            CompletableFuture<String> theirs = async(() -> CopyShell.sha256Prefix(e.src(), e.fromPath(), have));
            String ours = CopyShell.sha256(e.dst(), e.part());
            String source = join(theirs);
            if (ours != null && ours.equals(source)) {
                out.note("resuming at byte " + have + " of " + size + ": the " + Progress.size(have) + " already in "
                        + e.part() + " match the source's first bytes (SHA-256)");
                return have;
            }
        }
        out.note("a partial copy from an earlier attempt (" + e.part() + ", " + have
                + " bytes) does not match the source; starting over");
        return 0;
    }

    private static String compressor(Ends e, StepOutput out) throws TransportException {
        for (String tool : List.of("zstd", "gzip")) {
            if (CopyShell.has(e.src(), tool) && CopyShell.has(e.dst(), tool)) {
                return tool;
            }
        }
        out.note("compress: neither zstd nor gzip is on both hosts; copying uncompressed");
        return null;
    }

    private static CompletableFuture<String> hashLater(HostConnection conn, String path) {
        return async(() -> CopyShell.sha256(conn, path));
    }

    /** Something a host is asked, as a value to come. */
    interface Ask<T> {
        T get() throws TransportException;
    }

    /** Runs {@code ask} on another thread (a host's commands run on channels of their own). */
    static <T> CompletableFuture<T> async(Ask<T> ask) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ask.get();
            } catch (TransportException ex) {
                throw new CompletionException(ex);
            }
        }, ASKS);
    }

    private static final java.util.concurrent.Executor ASKS = r -> {
        Thread t = new Thread(r, "stepwise-copy-ask");
        t.setDaemon(true);
        t.start();
    };

    /** The future's value; a {@link TransportException} it failed with is thrown as such. */
    static <T> T join(CompletableFuture<T> f) throws TransportException {
        try {
            return f.join();
        } catch (CompletionException ex) {
            if (ex.getCause() instanceof TransportException t) {
                throw t;
            }
            throw ex;
        }
    }

    static void removePart(Ends e) throws TransportException {
        CopyShell.run(e.dst(), CopyShell.remove(e.part()), java.time.Duration.ofMinutes(2));
    }

    private static boolean lost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectionLostException) {
                return true;
            }
        }
        return false;
    }

    /** The copy was cut off by a dropped connection: in doubt; its part file stays for the next attempt. */
    static ConnectionLostException cut(Ends e, long bytes, Throwable cause) {
        return new ConnectionLostException(e.label() + " was cut off after about " + bytes + " bytes"
                + (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : "")
                + "; what arrived stays in " + e.part() + " and the next attempt continues from there", cause);
    }

    static String orUnknown(String s) {
        return s == null || s.isBlank() ? "(no message)" : s;
    }

    static String parent(String path) {
        Path p = Path.of(path).getParent();
        return p == null ? "." : p.toString();
    }

    /**
     * Both ends have the same SHA-256: an interrupted copy did arrive. The target then gets the copy's mode (the
     * step's, else the source's), as a completed copy would: the kill may have come between the rename and the
     * record, or the file may be an earlier one with the same bytes and another mode. False when it cannot.
     */
    boolean arrived(Action.Copy c, String role, Host host, Function<String, String> values) throws TransportException {
        Host from = end(c.fromRole(), role, host);
        Host to = end(c.toRole(), role, host);
        HostConnection src = connector.connect(from);
        HostConnection dst = connector.connect(to);
        String fromPath = Template.text(c.fromPath(), values);
        String toPath = Template.text(c.toPath(), values);
        CompletableFuture<String> a = hashLater(src, fromPath);
        String b = CopyShell.sha256(dst, toPath);
        String source = join(a);
        if (source == null || !source.equals(b)) {
            return false;
        }
        String mode = c.mode() != null ? CopyShell.mode(c.mode()) : null;
        if (mode == null) {
            CopyShell.FileState state = CopyShell.state(src, fromPath);
            if (state == null) {
                return false;
            }
            mode = state.mode();
        }
        return CopyShell.run(dst, CopyShell.chmod(toPath, mode), java.time.Duration.ofMinutes(2)).status == 0;
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
}
