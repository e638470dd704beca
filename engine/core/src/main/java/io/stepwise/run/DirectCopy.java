package io.stepwise.run;

import io.stepwise.model.Host;
import io.stepwise.transport.TransportException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code copy: {via: direct}}: the source host sends the file to the target with its own {@code ssh}, as the
 * guide's {@code scp} does — the bytes never pass through the engine. The source logs in to the target's
 * inventory address, port and user with its own keys and known_hosts; host keys stay strict
 * ({@code StrictHostKeyChecking=yes}, {@code BatchMode=yes}: no prompt, no key accepted on first use). A
 * login probe runs first, so a source that cannot reach or does not trust the target is refused before any
 * byte moves, with the fix.
 */
final class DirectCopy {
    /** How often the part file's size is read for the progress line while the source sends. */
    static final long POLL_MILLIS = 2000;

    private final Copier.Ends e;
    private final StepOutput out;

    DirectCopy(Copier.Ends e, StepOutput out) {
        this.e = e;
        this.out = out;
    }

    /**
     * The ssh command line the source runs to reach the target: a shell function {@code sw_ssh}, defined by
     * {@link #SSH}, which the command must start with.
     */
    static String ssh(Host to) {
        String user = to.ssh() == null ? null : to.ssh().user();
        Integer port = to.ssh() == null ? null : to.ssh().port();
        return "sw_ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o ConnectTimeout=15"
                + (port != null ? " -p " + port : "") + " " + CopyShell.q((user != null ? user + "@" : "") + to.address());
    }

    /**
     * Defines {@code sw_ssh}: the source's own {@code ssh}, with the ciphers its configuration allows for the target
     * ({@code ssh -G}) reordered so that AES-GCM comes first when the source's CPU has AES instructions (the
     * {@code aes} flag in /proc/cpuinfo). OpenSSH prefers chacha20-poly1305, which such CPUs run at a fraction
     * of AES-GCM's speed: 1 GiB over loopback took 2.1–2.6 s with it and 1.5–1.8 s with aes128-gcm (session 6).
     * The set stays the one the source's configuration allows; only its order changes, and the target's sshd
     * still picks from its own. Without {@code ssh -G} (OpenSSH before 6.8), /proc/cpuinfo or an AES-GCM cipher
     * in the list, ssh runs as configured.
     */
    static final String SSH = "sw_ssh() { sw_c=$(ssh -G \"$@\" </dev/null 2>/dev/null | sed -n 's/^ciphers //p');"
            + " case \"$sw_c\" in *aes*-gcm@openssh.com*) grep -qsw aes /proc/cpuinfo && sw_c=$(printf '%s\\n' \"$sw_c\""
            + " | tr , '\\n' | awk '/^aes(128|256)-gcm@openssh[.]com$/ {g = g s $0; s = \",\"; next} {r = r t $0; t = \",\"}"
            + " END {print g \",\" r}' | sed 's/,$//') && set -- -o \"Ciphers=$sw_c\" \"$@\";; esac; ssh \"$@\"; }; ";

    /**
     * Sends the file from {@code offset} on. There is no separate login probe: the target side prints
     * {@link CopyShell#IN} before it reads a byte, so an ssh that exits without it never got in (refused with
     * the fix: nothing moved), and one that exits 255 after it was cut mid-way (in doubt: the part stays and the
     * next attempt continues from it). A new part is hashed on the target as it is written (see
     * {@link CopyShell#receive}); the hash comes back as {@link Copier.Sent#targetSha256}.
     */
    Copier.Sent send(long offset, String compressor, long size) throws TransportException {
        String ssh = ssh(e.to());
        String remote = CopyShell.receive(e.part(), offset > 0, compressor);
        String command = SSH + (offset == 0 && compressor == null
                ? ssh + " " + CopyShell.q(remote) + " < " + CopyShell.q(e.fromPath())
                : CopyShell.read(e.fromPath(), offset, compressor) + " | " + ssh + " " + CopyShell.q(remote));
        Progress progress = new Progress(out, compressor == null ? "copy" : "copy (" + compressor + ", bytes arrived)",
                compressor == null ? size : -1, offset, System::nanoTime);
        CompletableFuture<CopyShell.Captured> transfer = Copier.async(() -> CopyShell.run(e.src(), command, null));
        CopyShell.Captured r = await(transfer, progress);
        boolean in = r.stdout.contains(CopyShell.IN);
        if (!in && r.status != 0) {
            return Copier.Sent.failed(StepResult.failure(refusal(r.stderr()), Map.of()));
        }
        if (r.status == 255) {
            // ssh itself failed mid-way: in doubt; the part that arrived stays, the next attempt continues from it
            long have = CopyShell.size(e.dst(), e.part());
            throw Copier.cut(e, Math.max(have, offset), new TransportException("the transfer from " + e.from().name()
                    + " to " + e.to().name() + " was cut: " + Copier.orUnknown(r.stderr())));
        }
        if (r.status != 0 || CopyShell.writeFailed(r.stdout)) {
            Copier.removePart(e);
            return Copier.Sent.failed(StepResult.failure(e.label() + ": writing " + e.to().name() + ":" + e.part()
                    + " failed: " + Copier.orUnknown(r.stderr()) + " — the partial file was removed; free space on "
                    + e.to().name() + " (df -h " + Copier.parent(e.toPath()) + ") or fix the target path, then resume",
                    Map.of()));
        }
        return new Copier.Sent(size - offset, null, offset == 0 ? CopyShell.received(r.stdout) : null, null);
    }

    /**
     * {@code copy: {run: COMMAND}}: the source runs {@code command}; its output is written to {@code keep} (a part
     * file next to the source path) and sent to the target's part file at once, each end hashing what it
     * writes ({@link CopyShell#produce}). Nothing is put in place here: the caller compares the hashes and
     * renames both parts. A source whose ssh never got in is refused with the fix; one cut mid-way is in doubt
     * (the whole command and transfer run again on the next attempt: a command's output cannot be continued).
     */
    Streamed stream(String command, String keep) throws TransportException {
        String send = ssh(e.to()) + " " + CopyShell.q(CopyShell.receiveNew(e.part()));
        Progress progress = new Progress(out, "copy (bytes arrived, sent as they are written)", -1, 0,
                System::nanoTime);
        CompletableFuture<CopyShell.Captured> transfer =
                Copier.async(() -> CopyShell.run(e.src(), SSH + CopyShell.produce(command, keep, send), null));
        CopyShell.Captured r = await(transfer, progress);
        CopyShell.Streamed s = CopyShell.Streamed.parse(r.stdout);
        String err = Copier.orUnknown(r.stderr());
        if (!s.in() && s.ssh() != 0) {
            return new Streamed(s, StepResult.failure(refusal(r.stderr()), Map.of()));
        }
        if (s.ssh() == 255) {
            throw new io.stepwise.transport.ConnectionLostException(e.label() + ": the transfer from " + e.from().name()
                    + " to " + e.to().name() + " was cut (" + err + "); the next attempt runs the command and the"
                    + " transfer again", null);
        }
        if (s.writeFailed()) {
            return new Streamed(s, StepResult.failure(e.label() + ": writing " + e.to().name() + ":" + e.part()
                    + " failed: " + err + " — free space on " + e.to().name() + " (df -h " + Copier.parent(e.toPath())
                    + ") or fix the target path, then resume", Map.of()));
        }
        if (s.run() != 0) {
            return new Streamed(s, StepResult.failure(e.label() + ": the command on " + e.from().name() + " failed"
                    + (s.run() > 0 ? " (exit " + s.run() + ")" : "") + ": " + err, Map.of("exit", String.valueOf(s.run()))));
        }
        if (s.keep() != 0) {
            return new Streamed(s, StepResult.failure(e.label() + ": writing " + e.from().name() + ":" + keep
                    + " failed: " + err + " — free space on " + e.from().name() + " (df -h " + Copier.parent(e.fromPath())
                    + ") or fix the path, then resume", Map.of()));
        }
        if (s.ssh() != 0 || s.sourceSha() == null || s.targetSha() == null) {
            return new Streamed(s, StepResult.failure(e.label() + ": the transfer from " + e.from().name() + " to "
                    + e.to().name() + " failed (ssh exit " + s.ssh() + "): " + err, Map.of()));
        }
        return new Streamed(s, null);
    }

    /** What {@link #stream} found: the ends' statuses and hashes, and a failure (null when all went well). */
    record Streamed(CopyShell.Streamed result, StepResult failure) {
    }

    private CopyShell.Captured await(CompletableFuture<CopyShell.Captured> transfer, Progress progress)
            throws TransportException {
        while (true) {
            try {
                return transfer.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                long have = CopyShell.size(e.dst(), e.part());
                if (have >= 0) {
                    progress.at(have);
                }
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof CompletionException ce && ce.getCause() instanceof TransportException t) {
                    throw t;
                }
                if (ex.getCause() instanceof TransportException t) {
                    throw t;
                }
                throw new IllegalStateException(ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new TransportException("interrupted while " + e.from().name() + " sent " + e.fromPath(), ex);
            }
        }
    }

    /** Why the source cannot log in to the target, and the fix. */
    String refusal(String stderr) {
        Host to = e.to();
        String from = e.from().name();
        Integer port = to.ssh() == null ? null : to.ssh().port();
        String user = to.ssh() == null || to.ssh().user() == null ? "(the source's default user)" : to.ssh().user();
        String head = e.label() + " via direct: " + from + " cannot log in to " + to.name() + " (" + to.address()
                + (port != null ? " port " + port : "") + ", user " + user + ") with its own ssh: "
                + Copier.orUnknown(stderr.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(stderr)) + ". ";
        if (stderr.contains("Host key verification failed") || stderr.contains("No ED25519 host key is known")
                || stderr.contains("host key") && stderr.contains("known")) {
            return head + from + " must already know " + to.name() + "'s host key (Stepwise never turns"
                    + " StrictHostKeyChecking off). On " + from + ", as the user Stepwise logs in with, run: ssh-keyscan"
                    + (port != null ? " -p " + port : "") + " " + to.address() + " — check the fingerprint against "
                    + to.name() + "'s own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub there) and add the line to"
                    + " ~/.ssh/known_hosts; or copy via: engine (the default)";
        }
        if (stderr.contains("Permission denied")) {
            return head + from + "'s key is not authorized on " + to.name() + ": add " + from + "'s public key (e.g."
                    + " ~/.ssh/id_ed25519.pub) to ~/.ssh/authorized_keys of " + user + " on " + to.name()
                    + "; or copy via: engine (the default)";
        }
        return head + "Check that " + from + " can reach " + to.address() + (port != null ? ":" + port : "")
                + " (firewall, address as seen from " + from + "); or copy via: engine (the default)";
    }
}
