package io.stepwise.store.internal;

import io.stepwise.store.RunStore;
import io.stepwise.store.RunStores;
import java.time.Clock;

/** Opens a SQLite store (arg: its path) and prints where sqlite-jdbc was told to load its library from. */
public final class NativeCacheMain {
    private NativeCacheMain() {
    }

    public static void main(String[] args) throws Exception {
        try (RunStore store = RunStores.open(args[0], Clock.systemUTC())) {
            store.runs();
            System.out.println(System.getProperty("org.sqlite.lib.path"));
        }
    }
}
