package com.policydesk.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RulesWatcherTest {
    @TempDir
    Path rules;

    /**
     * Long enough that five small writes in a row fall within it even when a busy machine holds the test's thread
     * back between two of them (then the burst would be two callbacks).
     */
    private static final Duration BURST_QUIET_PERIOD = Duration.ofSeconds(2);

    @Test
    void aBurstOfSavesIsOneCallbackAfterTheFolderGoesQuiet() throws IOException, InterruptedException {
        Files.createDirectories(rules.resolve("pack"));
        AtomicInteger calls = new AtomicInteger();
        Semaphore called = new Semaphore(0);
        try (RulesWatcher ignored = new RulesWatcher(rules, BURST_QUIET_PERIOD, () -> {
            calls.incrementAndGet();
            called.release();
        })) {
            for (int i = 0; i < 5; i++) {
                Files.writeString(rules.resolve("pack/a.drl"), "package p; // save " + i);
            }

            assertThat(called.tryAcquire(60, TimeUnit.SECONDS)).as("called back after the burst").isTrue();
            // a second callback would come one quiet period after the write that started it
            assertThat(called.tryAcquire(BURST_QUIET_PERIOD.toMillis(), TimeUnit.MILLISECONDS)).as("only once").isFalse();
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void seesChangesInFoldersCreatedAfterItStarted() throws IOException, InterruptedException {
        Semaphore called = new Semaphore(0);
        try (RulesWatcher ignored = new RulesWatcher(rules, Duration.ofMillis(200), called::release)) {
            Files.createDirectories(rules.resolve("newpack"));
            assertThat(called.tryAcquire(60, TimeUnit.SECONDS)).isTrue();

            Files.writeString(rules.resolve("newpack/b.drl"), "package p;");

            assertThat(called.tryAcquire(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
