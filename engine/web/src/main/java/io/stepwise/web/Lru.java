package io.stepwise.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that keeps only its {@code max} most recently used entries; not synchronized (its users are). */
final class Lru<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int max;

    Lru(int max) {
        super(16, 0.75f, true);
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}
