package io.stepwise.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Lets sqlite-jdbc load its native library from a per-user cache instead of extracting it anew.
 *
 * <p>On every start sqlite-jdbc copies its 1.5 MB native library out of the jar into a new file under
 * {@code /tmp}, compares it, loads it, and runs {@code uname} to tell Android from Linux: about 0.1 s
 * of each command's start-up. Here the library is extracted once into
 * {@code $XDG_CACHE_HOME/stepwise} (else {@code ~/.cache/stepwise}), in a directory named by the
 * sqlite-jdbc version, OS and architecture and readable by this user only, through a temporary file
 * and an atomic rename (so a half-written library is never loaded), and later starts point sqlite-jdbc
 * at it ({@code org.sqlite.lib.path}). If anything fails, nothing is set and sqlite-jdbc does what it
 * always did; so does an operator's own {@code org.sqlite.lib.path}.
 */
final class SqliteNative {
    private static volatile boolean done;

    private SqliteNative() {
    }

    /** Before the first SQLite connection of the process. */
    static synchronized void useCache(Map<String, String> env) {
        if (done || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        done = true;
        try {
            Path dir = cacheRoot(env).resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-"
                    + System.getProperty("os.name").replaceAll("\\W", "").toLowerCase(Locale.ROOT) + "-"
                    + System.getProperty("os.arch").replaceAll("\\W", ""));
            String name = LibraryLoaderUtil.getNativeLibName();
            Path lib = dir.resolve(name);
            if ((!Files.isRegularFile(lib) && !extract(dir, name, lib)) || !ownedPrivately(dir)) {
                return;
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            // sqlite-jdbc extracts to the temporary directory as usual
        }
    }

    private static Path cacheRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "stepwise");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "stepwise");
    }

    /** Only a directory of this user's that nobody else may write to. */
    private static boolean ownedPrivately(Path dir) throws IOException {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
        return perms.charAt(4) == '-' && perms.charAt(7) == '-'
                && Files.getOwner(dir).getName().equals(System.getProperty("user.name"));
    }

    private static boolean extract(Path dir, String name, Path lib) throws IOException {
        String resource = "/" + LibraryLoaderUtil.getNativeLibResourcePath().replaceFirst("^/+", "") + "/" + name;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // another stepwise made it first
            }
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return true;
    }
}
