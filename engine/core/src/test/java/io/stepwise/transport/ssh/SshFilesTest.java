package io.stepwise.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.testing.Sshd;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.TransportException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SFTP streams against a real sshd: a 100 MB round trip with SHA-256, modes, errors. */
class SshFilesTest {
    private static OneHostSsh ssh;
    private static Sshd sshd;
    private static SshConnection conn;

    @BeforeAll
    static void start() throws Exception {
        ssh = OneHostSsh.start();
        sshd = ssh.sshd();
        conn = ssh.conn();
    }

    @AfterAll
    static void stop() {
        if (ssh != null) {
            ssh.close();
        }
    }

    @Test
    void copiesOneHundredMegabytesWithMatchingSha256AndDetectsACorruptedCopy() throws Exception {
        Path remote = sshd.dir().resolve("big.bin");
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[64 * 1024];
        Random random = new Random(42);
        try (OutputStream out = conn.openWrite(remote.toString(), "0600")) {
            for (int i = 0; i < 100 * 16; i++) {
                random.nextBytes(block);
                sent.update(block);
                out.write(block);
            }
        }
        String sentSum = HexFormat.of().formatHex(sent.digest());
        assertThat(Files.size(remote)).isEqualTo(100L * 1024 * 1024);
        assertThat(conn.mode(remote.toString())).isEqualTo("0600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remote))).isEqualTo("rw-------");
        assertThat(readSha(remote)).isEqualTo(sentSum);
        assertThat(remoteSha(remote)).as("sha256sum on the host agrees").isEqualTo(sentSum);

        assertThat(conn.exec("printf X | dd of=" + remote + " bs=1 seek=1000 conv=notrunc 2>/dev/null",
                Duration.ofSeconds(30), OutputListener.NONE).exitCode()).isZero();
        assertThat(readSha(remote)).as("a corrupted copy no longer matches").isNotEqualTo(sentSum);
        Files.delete(remote);
    }

    @Test
    void writeWithoutModeKeepsTheServerDefaultAndOverwrites() throws Exception {
        Path remote = sshd.dir().resolve("small.txt");
        try (OutputStream out = conn.openWrite(remote.toString(), null)) {
            out.write("first version, longer".getBytes());
        }
        try (OutputStream out = conn.openWrite(remote.toString(), "0640")) {
            out.write("second".getBytes());
        }
        assertThat(Files.readString(remote)).isEqualTo("second");
        assertThat(conn.mode(remote.toString())).isEqualTo("0640");
        try (InputStream in = conn.openRead(remote.toString())) {
            assertThat(new String(in.readAllBytes())).isEqualTo("second");
        }
    }

    @Test
    void missingFilesAndBadModesAreClearErrors() {
        assertThatThrownBy(() -> conn.openRead("/nonexistent/stepwise-file"))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("xop-a: cannot read /nonexistent/stepwise-file: no such file");
        assertThatThrownBy(() -> conn.mode("/nonexistent/stepwise-file"))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> conn.openWrite(sshd.dir().resolve("m").toString(), "rw-r--r--"))
                .hasMessageContaining("is not octal");
    }

    @Test
    void manyStreamsInTurnDoNotLeakChannels() throws Exception {
        Path remote = sshd.dir().resolve("loop.txt");
        for (int i = 0; i < 30; i++) {
            try (OutputStream out = conn.openWrite(remote.toString(), null)) {
                out.write(("v" + i).getBytes());
            }
            try (InputStream in = conn.openRead(remote.toString())) {
                assertThat(new String(in.readAllBytes())).isEqualTo("v" + i);
            }
        }
        assertThat(conn.exec("true", Duration.ofSeconds(10), OutputListener.NONE).exitCode()).isZero();
    }

    private static String readSha(Path remote) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = conn.openRead(remote.toString())) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String remoteSha(Path remote) throws Exception {
        Captured c = new Captured();
        assertThat(conn.exec("sha256sum " + remote, Duration.ofMinutes(1), c).exitCode()).isZero();
        return c.out().split("\\s+")[0];
    }
}
