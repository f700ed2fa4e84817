package com.policydesk.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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
    void savesMadeWhileACallbackRunsAreOneCallbackAfterIt() throws IOException, InterruptedException {
        Files.createDirectories(rules.resolve("pack"));
        Semaphore started = new Semaphore(0);
        CountDownLatch finishFirst = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (RulesWatcher ignored = new RulesWatcher(rules, Duration.ofMillis(100), () -> {
            started.release();
            if (calls.incrementAndGet() == 1) {
                awaitQuietly(finishFirst);
            }
        })) {
            Files.writeString(rules.resolve("pack/a.drl"), "package p; // first save");
            assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the first callback started").isTrue();

            for (int i = 0; i < 5; i++) {
                Files.writeString(rules.resolve("pack/a.drl"), "package p; // saved during the callback " + i);
            }
            finishFirst.countDown();

            assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("called again after the first").isTrue();
            assertThat(started.tryAcquire(1, TimeUnit.SECONDS)).as("once for all the saves made meanwhile").isFalse();
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void callsBackAtTheLowestPriority() throws IOException, InterruptedException {
        AtomicInteger priority = new AtomicInteger();
        Semaphore called = new Semaphore(0);
        try (RulesWatcher ignored = new RulesWatcher(rules, Duration.ofMillis(50), () -> {
            priority.set(Thread.currentThread().getPriority());
            called.release();
        })) {
            Files.writeString(rules.resolve("a.drl"), "package p;");

            assertThat(called.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(priority).hasValue(Thread.MIN_PRIORITY);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
