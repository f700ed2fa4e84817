package com.policydesk.engine;

import java.util.function.Supplier;

/** A compiled part, how it was obtained (compiled, read from the cache, reused) and how long that took. */
record Timed<T>(T value, String how, long millis) {
    static <T> Timed<T> of(String how, Supplier<T> work) {
        long started = System.nanoTime();
        T value = work.get();
        return new Timed<>(value, how, (System.nanoTime() - started) / 1_000_000);
    }

    static <T> Timed<T> reused(T value) {
        return new Timed<>(value, "reused", 0);
    }
}
