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

    @Test
    void aBurstOfSavesIsOneCallbackAfterTheFolderGoesQuiet() throws IOException, InterruptedException {
        Files.createDirectories(rules.resolve("pack"));
        AtomicInteger calls = new AtomicInteger();
        Semaphore called = new Semaphore(0);
        try (RulesWatcher ignored = new RulesWatcher(rules, Duration.ofMillis(300), () -> {
            calls.incrementAndGet();
            called.release();
        })) {
            for (int i = 0; i < 5; i++) {
                Files.writeString(rules.resolve("pack/a.drl"), "package p; // save " + i);
            }

            assertThat(called.tryAcquire(10, TimeUnit.SECONDS)).as("called back after the burst").isTrue();
            assertThat(called.tryAcquire(1, TimeUnit.SECONDS)).as("only once").isFalse();
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void seesChangesInFoldersCreatedAfterItStarted() throws IOException, InterruptedException {
        Semaphore called = new Semaphore(0);
        try (RulesWatcher ignored = new RulesWatcher(rules, Duration.ofMillis(200), called::release)) {
            Files.createDirectories(rules.resolve("newpack"));
            assertThat(called.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

            Files.writeString(rules.resolve("newpack/b.drl"), "package p;");

            assertThat(called.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
