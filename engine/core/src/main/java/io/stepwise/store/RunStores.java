package io.stepwise.store;

import io.stepwise.store.internal.StoreOpener;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Opens run stores: a SQLite file (the default) or a MySQL/MariaDB database shared by a team. */
public final class RunStores {
    /** Output kept per step on a host (all attempts together), in UTF-8 bytes. */
    static final long DEFAULT_OUTPUT_CAP = 1024 * 1024;

    private RunStores() {
    }

    /** The one-time work of a process's first store open, done ahead (see {@code StoreOpener.warmUp}). */
    public static void warmUp() {
        io.stepwise.store.internal.StoreOpener.warmUp();
    }

    /**
     * Opens (creating and migrating as needed) the store at {@code location}: a file path, whose parent
     * directories are created, or a {@code jdbc:mysql://HOST:PORT/DB?user=...} URL.
     */
    public static RunStore open(String location, Clock clock) throws StoreException {
        return open(location, clock, DEFAULT_OUTPUT_CAP);
    }

    /**
     * Opens an existing store to read it only ({@code status}, {@code report}, {@code log}): creates nothing,
     * and works on a store this user may read but not write.
     */
    public static RunStore openToRead(String location, Clock clock) throws StoreException {
        return StoreOpener.openToRead(location, clock, DEFAULT_OUTPUT_CAP);
    }

    /** As {@link #open(String, Clock)}, keeping at most {@code outputCap} bytes of output per step and host. */
    public static RunStore open(String location, Clock clock, long outputCap) throws StoreException {
        return StoreOpener.open(location, clock, outputCap);
    }

    /**
     * This process as a lease holder: {@code user}, this machine's host name (the same text every time,
     * since a holder on "this host" is recognized by it), this pid, since now.
     */
    public static Holder thisProcess(String user, Clock clock) {
        return new Holder(user, hostName(), ProcessHandle.current().pid(), clock.instant());
    }

    /** The kernel's node name (as {@code uname -n}), else what Java resolves, else {@code localhost}. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * Where the store is when {@code --store} is not given: {@code STEPWISE_STORE}, else
     * {@code $XDG_STATE_HOME/stepwise/runs.db}, else {@code ~/.local/state/stepwise/runs.db}.
     */
    public static String defaultLocation(Map<String, String> env) {
        String explicit = env.get("STEPWISE_STORE");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Path.of(state, "stepwise", "runs.db").toString();
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "stepwise", "runs.db").toString();
    }
}
