package io.stepwise.store;

import java.time.Instant;

/** Who drives a run: login name, machine, process id, since when. */
public record Holder(String user, String host, long pid, Instant since) {
    @Override
    public String toString() {
        return user + "@" + host + " (pid " + pid + ", since " + since + ")";
    }
}
