package io.stepwise.load;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root (system property {@code stepwise.repo}, set by surefire), for tests that read shipped files. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String p = System.getProperty("stepwise.repo");
        Path dir = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (set -Dstepwise.repo)");
        }
        return dir;
    }
}
