package com.policydesk.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last few compiled parts of rule sets (rule bases, DMN catalogs), by the hash of the files they were compiled
 * from: a change to one DMN file does not compile the DRL again, nor a change to a DRL file the DMN models.
 * Compiled parts are immutable, so rule sets can share them. Thread-safe.
 */
final class RecentlyCompiled<T> {
    private final Map<String, T> byHash;

    RecentlyCompiled(int capacity) {
        this.byHash = new LinkedHashMap<>(capacity + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized T get(String hash) {
        return byHash.get(hash);
    }

    synchronized void put(String hash, T compiled) {
        byHash.put(hash, compiled);
    }

    /** Takes over what another one holds (as the most recently used). */
    void putAll(RecentlyCompiled<T> other) {
        Map<String, T> copy;
        synchronized (other) {
            copy = new LinkedHashMap<>(other.byHash);
        }
        synchronized (this) {
            byHash.putAll(copy);
        }
    }

    /** The part compiled from these files before, or a new one (kept only when it is not null). */
    T getOrCompile(String hash, Supplier<T> compile) {
        T known = get(hash);
        if (known != null) {
            return known;
        }
        T compiled = compile.get();
        if (compiled != null) {
            put(hash, compiled);
        }
        return compiled;
    }
}
