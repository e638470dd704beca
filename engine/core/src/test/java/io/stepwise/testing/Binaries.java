package io.stepwise.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the server binaries tests need. When {@code CI=true} a missing binary fails the test (CI must
 * never pass by skipping); elsewhere the test is skipped with the reason.
 */
public final class Binaries {
    private Binaries() {
    }

    /** The first existing path among {@code candidates}, or a failed/aborted test. */
    public static Path require(String what, String... candidates) {
        return requireTool(what, what.contains("ssh") ? "openssh-server" : "mariadb-server", candidates);
    }

    /** As {@link #require(String, String...)}; the message names the Debian {@code debianPackage} to install. */
    public static Path requireTool(String what, String debianPackage, String... candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String msg = what + " not found (looked in " + List.of(candidates) + "); install it: apt-get install -y "
                + debianPackage;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(msg);
        }
        Assumptions.abort(msg);
        throw new AssertionError(msg);
    }

    /** A free TCP port on 127.0.0.1 (racy by nature; servers are started right after). */
    public static int freePort() {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** Deletes a directory tree, ignoring what is already gone. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (java.io.IOException ignored) {
                    // best effort: a socket file may vanish on its own
                }
            });
        } catch (java.io.IOException ignored) {
            // best effort
        }
    }
}
