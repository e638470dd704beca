package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target side of a copy ({@link CopyShell#writeHashed}) run by this machine's {@code /bin/sh}: with
 * {@code python3} on the PATH (one process writes and hashes) and without it ({@code tee} into the hasher). Both
 * must write the bytes, report the same output, and report a failed write (a full device) without losing the
 * hash of what was received.
 */
class CopyShellWriterTest {
    @TempDir
    Path dir;

    /** A PATH of the tools the fallback needs, with or without python3. */
    private Path path(boolean python) throws Exception {
        Path bin = dir.resolve(python ? "with" : "without");
        if (Files.isDirectory(bin)) {
            return bin;
        }
        Files.createDirectories(bin);
        for (String tool : python ? new String[] {"tee", "openssl", "cat", "python3"} : new String[] {"tee", "openssl", "cat"}) {
            Path real = Path.of("/usr/bin", tool);
            assertThat(real).as("this test needs " + real).exists();
            Files.createSymbolicLink(bin.resolve(tool), real);
        }
        return bin;
    }

    private record Ran(int status, String stdout, String stderr) {
    }

    private Ran write(boolean python, String part, byte[] input) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", CopyShell.writeHashed(part, null));
        pb.environment().put("PATH", path(python).toString());
        Process p = pb.start();
        Thread feed = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(input);
            } catch (java.io.IOException ignored) {
                // the writer ended early: its output says why
            }
        });
        feed.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        feed.join();
        return new Ran(status, out, err);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void writesEveryByteAndReportsItsHash(boolean python) throws Exception {
        for (int n : new int[] {0, 1, 3 * (1 << 20) + 17}) {
            byte[] input = bytes(n);
            Path part = dir.resolve("it's a $(part) " + n + CopyShell.PART);
            Ran r = write(python, part.toString(), input);
            assertThat(r.status()).as(r.stderr()).isZero();
            assertThat(CopyShell.writeFailed(r.stdout())).isFalse();
            assertThat(CopyShell.received(r.stdout())).as(r.stdout()).isEqualTo(sha(input));
            // python3's line ends " *-", openssl's " *stdin": the variant asked for is the one that ran
            assertThat(r.stdout()).contains(python ? sha(input) + " *-" : sha(input) + " *stdin");
            assertThat(Files.readAllBytes(part)).isEqualTo(input);
            assertThat(Files.getPosixFilePermissions(part)).as("created private")
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aFullDeviceIsAFailedWriteNamedOnStderrAndTheInputIsStillRead(boolean python) throws Exception {
        byte[] input = bytes(2 << 20);
        Ran r = write(python, "/dev/full", input);
        assertThat(CopyShell.writeFailed(r.stdout())).as(r.stdout()).isTrue();
        assertThat(CopyShell.received(r.stdout())).isNull();
        assertThat(r.stderr()).contains("/dev/full").contains("No space left on device");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aPartThatCannotBeCreatedIsAFailedWrite(boolean python) throws Exception {
        Ran r = write(python, dir.resolve("no such dir").resolve("x" + CopyShell.PART).toString(), bytes(1000));
        assertThat(CopyShell.writeFailed(r.stdout())).as(r.stdout()).isTrue();
        assertThat(r.stderr()).contains("No such file or directory");
    }
}
