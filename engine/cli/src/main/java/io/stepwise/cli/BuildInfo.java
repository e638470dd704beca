package io.stepwise.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code stepwise --version} prints: the version and the git commit the jar was built from, as the
 * build wrote them into {@code version.properties}. A build from a source tree without .git (or without
 * git) has no commit; that reads "commit unknown", never a placeholder.
 *
 * @param version the project version, or "dev" when the resource is missing (classes run from an IDE)
 * @param commit  the abbreviated commit id, or null when unknown
 * @param dirty   the working tree had uncommitted changes when it was built
 */
record BuildInfo(String version, String commit, boolean dirty) {
    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: report what is known
        }
        return of(p.getProperty("version"), p.getProperty("commit"), p.getProperty("dirty"));
    }

    /** From the raw (possibly unfiltered) values. */
    static BuildInfo of(String version, String commit, String dirty) {
        return new BuildInfo(known(version) == null ? "dev" : version, known(commit), "true".equals(known(dirty)));
    }

    String describe() {
        return "stepwise " + version + " (commit " + (commit == null ? "unknown" : commit + (dirty ? "-dirty" : ""))
                + ")";
    }

    private static String known(String v) {
        return v == null || v.isBlank() || v.contains("${") ? null : v.strip();
    }
}
