package io.stepwise.run;

import io.stepwise.text.Template;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.TransportException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands a copy runs on its two ends (POSIX sh and coreutils), every path shell-quoted. SHA-256
 * is computed by {@code openssl dgst} where it is installed (it uses the CPU's SHA instructions: ~1.5 GB/s
 * here, against ~0.5 GB/s for coreutils' sha256sum, which is the fallback).
 */
final class CopyShell {
    /** Suffix of the file a copy writes before it is verified and renamed into place. */
    static final String PART = ".stepwise-part";
    /** Hashing a large file takes a while; this bounds a hung one. */
    static final Duration HASH_TIMEOUT = Duration.ofHours(2);
    private static final Duration SHORT = Duration.ofMinutes(2);
    private static final String HASHER =
            "h() { if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r; else sha256sum; fi; }; ";
    private static final Pattern SHA = Pattern.compile("\\b([0-9a-f]{64})\\b");

    private CopyShell() {
    }

    static String q(String s) {
        return Template.shellQuote(s);
    }

    /** A file's size, mtime, ctime (ns), inode and mode, to see whether it changed while it was read. */
    record FileState(long size, String mtime, String ctime, String inode, String mode) {
        static FileState parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 5 || !f[0].matches("[0-9]+") || !f[4].matches("[0-7]{1,4}")) {
                return null;
            }
            return new FileState(Long.parseLong(f[0]), f[1], f[2], f[3], CopyShell.mode(f[4]));
        }
    }

    /** The file's state, or null when it cannot be read (missing, not a file, no permission). */
    static FileState state(HostConnection conn, String path) throws TransportException {
        Captured r = run(conn, "[ -f " + q(path) + " ] && [ -r " + q(path) + " ] && stat -L -c '%s %.9Y %.9Z %i %a' -- "
                + q(path), SHORT);
        return r.status == 0 ? FileState.parse(r.stdout) : null;
    }

    /** The SHA-256 of the whole file, or null when it cannot be read. */
    static String sha256(HostConnection conn, String path) throws TransportException {
        return sha(run(conn, HASHER + "h < " + q(path), HASH_TIMEOUT));
    }

    /** The SHA-256 of the file's first {@code bytes} bytes, or null. */
    static String sha256Prefix(HostConnection conn, String path, long bytes) throws TransportException {
        return sha(run(conn, HASHER + "head -c " + bytes + " < " + q(path) + " | h", HASH_TIMEOUT));
    }

    /** The size of {@code path} if it is a regular file, else -1. */
    static long size(HostConnection conn, String path) throws TransportException {
        Captured r = run(conn, "if [ -f " + q(path) + " ]; then stat -L -c %s -- " + q(path) + "; else echo -1; fi", SHORT);
        String s = r.stdout.trim();
        return r.status == 0 && s.matches("-?[0-9]+") ? Long.parseLong(s) : -1;
    }

    /** Whether {@code tool} is on the host's PATH. */
    static boolean has(HostConnection conn, String tool) throws TransportException {
        return run(conn, "command -v " + q(tool) + " >/dev/null 2>&1", SHORT).status == 0;
    }

    /** The source side: the file from {@code offset} on, compressed with {@code compressor} (null: as is). */
    static String read(String path, long offset, String compressor) {
        if (offset == 0) {
            return compressor == null ? "cat -- " + q(path) : compressor + " -q -c -1 -- " + q(path);
        }
        return "tail -c +" + (offset + 1) + " -- " + q(path) + (compressor == null ? "" : " | " + compressor + " -q -c -1");
    }

    /** The target side: stdin into the part file (created private; appended to when resuming). */
    static String write(String part, boolean append, String compressor) {
        return "umask 077 && " + (compressor == null ? "cat" : compressor + " -q -d -c") + (append ? " >> " : " > ")
                + q(part);
    }

    /** What the target side of a direct copy prints first, once the source's ssh has logged in. */
    static final String IN = "stepwise-copy-in";
    private static final Pattern TEE = Pattern.compile("(?m)^stepwise-tee=([0-9]+)$");

    /**
     * The target side of a direct copy: prints {@link #IN} (so the source's ssh got in), then writes stdin into
     * the part file (decompressed with {@code compressor} unless null). A new part is hashed as it is written:
     * {@code tee} writes the file and hands the same bytes to the hasher, whose line ends the output, after
     * {@code stepwise-tee=STATUS} (POSIX sh has no pipefail). An appended part is hashed afterwards, whole.
     */
    static String receive(String part, boolean append, String compressor) {
        return "echo " + IN + "; " + (append ? write(part, true, compressor) : writeHashed(part, compressor));
    }

    /**
     * The target side: stdin into a new part file (created private), hashed as it is written; the output is
     * {@code stepwise-tee=STATUS} and the hasher's line (read with {@link #received} and {@link #writeFailed}).
     */
    static String writeHashed(String part, String compressor) {
        return "umask 077; exec 3>&1; " + (compressor == null ? "" : compressor + " -q -d -c | ")
                + "if python3 -I -S -c 'import hashlib' >/dev/null 2>&1; then python3 -I -S -c " + q(WRITER) + " " + q(part)
                + "; else " + HASHER + "{ tee -- " + q(part) + "; echo \"stepwise-tee=$?\" >&3; } | h; fi";
    }

    /**
     * What {@link #writeHashed} runs where a {@code python3} that starts (3.4 or newer, with hashlib) is installed:
     * one process reads stdin in 1 MiB chunks, writes each to the part file and hashes it (Python's {@code hashlib} is OpenSSL's, with the CPU's
     * SHA instructions). {@code tee} moves data in 8 KiB reads and hands every byte through one more pipe to
     * the hasher: 1 GiB through {@code tee FILE | openssl dgst} took 3.7 s on the 2-core VM where this took
     * 2.0 s (docs/performance.md, session 6). Its output is {@code tee}'s: {@code stepwise-tee=STATUS}, then the
     * hash of every byte received. A write that fails (a full disk) is reported on stderr as {@code tee} does
     * and stops the writing, not the reading, so the sender sees a failed write rather than a cut connection.
     */
    static final String WRITER = String.join("\n",
            "import hashlib,os,sys",
            "p=sys.argv[1];h=hashlib.sha256();b=bytearray(1<<20);v=memoryview(b);e=None;f=-1",
            "try:",
            " f=os.open(p,os.O_WRONLY|os.O_CREAT|os.O_TRUNC,0o666)",
            "except OSError as x:",
            " e=x",
            "while 1:",
            " n=os.readv(0,[b])",
            " if not n:break",
            " m=v[:n];h.update(m)",
            " while m and e is None:",
            "  try:m=m[os.write(f,m):]",
            "  except OSError as x:e=x",
            "if f>=0:",
            " try:os.close(f)",
            " except OSError as x:e=e or x",
            "if e:sys.stderr.write('tee: %s: %s\\n'%(p,e.strerror))",
            "sys.stdout.write('stepwise-tee=%d\\n%s *-\\n'%(e is not None,h.hexdigest()))",
            "");

    /**
     * The target side of a streamed copy ({@code copy: {run: ...}}): prints {@link #IN}, then writes stdin into a
     * new inode of the part file (an earlier attempt's writer that still runs keeps writing only the old,
     * unlinked one), hashed as it is written, as {@link #writeHashed}.
     */
    static String receiveNew(String part) {
        return "echo " + IN + "; rm -f -- " + q(part) + "; " + writeHashed(part, null);
    }

    private static final Pattern RUN = Pattern.compile("(?m)^stepwise-run=([0-9]+)$");
    private static final Pattern KEEP = Pattern.compile("(?m)^stepwise-keep=([0-9]+)$");
    private static final Pattern SSH = Pattern.compile("(?m)^stepwise-ssh=([0-9]+)$");
    private static final Pattern SENT = Pattern.compile("(?m)^stepwise-sent=([0-9a-f]{64})\\b");
    private static final Pattern TARGET_SHA = Pattern.compile("(?m)^([0-9a-f]{64})\\b");

    /**
     * The source side of a streamed copy: runs {@code command} (in a subshell), and its output goes at once to a
     * new inode of {@code keep} (the source's own copy), to the hasher and to {@code send} (the ssh to the target,
     * whose output is passed on). One {@code tee} writes the file and the hasher's pipe ({@code /dev/fd/5}), so
     * the source's SHA-256 is that of the bytes written and sent, read once. POSIX sh has no pipefail: every
     * part's status comes back on a line of its own ({@code stepwise-run=}, {@code stepwise-keep=},
     * {@code stepwise-ssh=}), then {@code stepwise-sent=SHA256}; read them with {@link Streamed#parse}.
     */
    static String produce(String command, String keep, String send) {
        return "umask 077; " + HASHER + "exec 3>&1; rm -f -- " + q(keep) + "; { { (\n" + command + "\n) 5>&-;"
                + " echo \"stepwise-run=$?\" >&3; } | { tee -- " + q(keep) + " /dev/fd/5; echo \"stepwise-keep=$?\" >&3; }"
                + " | " + send + " 5>&- >&3; echo \"stepwise-ssh=$?\" >&3; } 5>&1 | { s=$(h); echo \"stepwise-sent=$s\"; } >&3";
    }

    /** What {@link #produce}'s output says: each status (-1 when missing) and both ends' SHA-256 (or null). */
    record Streamed(boolean in, int run, int keep, int ssh, boolean writeFailed, String sourceSha, String targetSha) {
        static Streamed parse(String stdout) {
            Matcher sent = SENT.matcher(stdout);
            Matcher target = TARGET_SHA.matcher(stdout);
            return new Streamed(stdout.contains(IN), status(RUN, stdout), status(KEEP, stdout), status(SSH, stdout),
                    CopyShell.writeFailed(stdout), sent.find() ? sent.group(1) : null,
                    status(TEE, stdout) == 0 && target.find() ? target.group(1) : null);
        }

        private static int status(Pattern p, String stdout) {
            Matcher m = p.matcher(stdout);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    /** From {@link #receive}'s output: whether writing the part file failed (tee's status was not 0). */
    static boolean writeFailed(String stdout) {
        Matcher t = TEE.matcher(stdout);
        return t.find() && !t.group(1).equals("0");
    }

    /** From {@link #receive}'s output: the SHA-256 of what was written, or null when the write failed or none. */
    static String received(String stdout) {
        Matcher t = TEE.matcher(stdout);
        if (!t.find() || !t.group(1).equals("0")) {
            return null;
        }
        Matcher m = SHA.matcher(stdout);
        return m.find() ? m.group(1) : null;
    }

    /** A procedure's octal mode ({@code 644}, {@code "0600"}) as {@code chmod} and {@code stat} write it: four digits. */
    static String mode(String octal) {
        return String.format("%04o", Integer.parseInt(octal, 8));
    }

    /**
     * Gives the verified part file its mode and renames it into place — never into a directory of that name, where
     * {@code mv} would put it inside (the part is removed and the failure says so).
     */
    static String finish(String part, String path, String mode) {
        return "if [ -d " + q(path) + " ]; then rm -f -- " + q(part) + "; echo " + q(path + " is a directory: give the"
                + " file's own path (e.g. " + path.replaceAll("/+$", "") + "/NAME), then resume") + " >&2; exit 1; fi; "
                + chmod(part, mode) + " && mv -f -- " + q(part) + " " + q(path);
    }

    /** Gives {@code path} the mode {@code mode} (four octal digits, see {@link #mode}). */
    static String chmod(String path, String mode) {
        return "chmod " + q(mode) + " -- " + q(path);
    }

    static String remove(String path) {
        return "rm -f -- " + q(path);
    }

    /** Runs a short command, output captured. */
    static Captured run(HostConnection conn, String command, Duration timeout) throws TransportException {
        Captured c = new Captured();
        ExecResult r = conn.exec(command, timeout, c);
        c.status = r.timedOut() ? -1 : r.exitCode();
        return c;
    }

    private static String sha(Captured r) {
        if (r.status != 0) {
            return null;
        }
        Matcher m = SHA.matcher(r.stdout);
        return m.find() ? m.group(1) : null;
    }

    /** A command's output and status. */
    static final class Captured implements OutputListener {
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();
        String stdout = "";
        int status;

        @Override
        public synchronized void stdout(String chunk) {
            if (out.length() < 64 * 1024) {
                out.append(chunk);
            }
            stdout = out.toString();
        }

        @Override
        public synchronized void stderr(String chunk) {
            if (err.length() < 16 * 1024) {
                err.append(chunk);
            }
        }

        synchronized String stderr() {
            return err.toString().trim();
        }
    }
}
