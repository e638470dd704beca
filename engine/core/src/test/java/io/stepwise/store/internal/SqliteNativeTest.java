package io.stepwise.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sqlite-jdbc's native library is extracted once into a private per-user cache, then loaded from there. */
class SqliteNativeTest {
    @TempDir
    Path tmp;

    private String openStoreInChild(Path cache) throws Exception {
        ProcessBuilder p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                NativeCacheMain.class.getName(), tmp.resolve("runs.db").toString())
                .redirectError(tmp.resolve("err.txt").toFile()).redirectOutput(tmp.resolve("out.txt").toFile());
        p.environment().put("XDG_CACHE_HOME", cache.toString());
        Process started = p.start();
        assertThat(started.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(started.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isZero();
        return Files.readString(tmp.resolve("out.txt")).strip();
    }

    @Test
    void theLibraryIsExtractedOnceAndReused() throws Exception {
        Path cache = tmp.resolve("cache");
        String first = openStoreInChild(cache);
        assertThat(first).startsWith(cache.resolve("stepwise").resolve("sqlite-jdbc-").toString());
        Path dir = Path.of(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        assertThat(files).singleElement().satisfies(f -> assertThat(Files.size(f)).isGreaterThan(100_000));
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(files.get(0), old);

        assertThat(openStoreInChild(cache)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(files.get(0))).as("not extracted again").isEqualTo(old);
    }

    @Test
    void aCacheOthersMayWriteToIsNotUsed() throws Exception {
        Path cache = tmp.resolve("cache");
        Path dir = Path.of(openStoreInChild(cache));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(openStoreInChild(cache)).as("sqlite-jdbc extracts to /tmp itself").isEqualTo("null");
    }
}
