package com.policydesk.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static com.policydesk.log.LogFixtures.NOW;
import static com.policydesk.log.LogFixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention: by size after every commit (and when the log opens), by age when it opens and then every minute; oldest first. */
class RetentionTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path folder;

    @Test
    void decisionsOlderThanTheAgeAreDeletedAndTheirVersionWithThem() throws Exception {
        DecisionLogSettings settings = LogFixtures.settings(folder).withRetention(Duration.ofDays(30), 1L << 30);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("old", "C-1", "A_CODE", NOW.minus(Duration.ofDays(31))));
            log.offer(decision("recent", "C-1", "A_CODE", NOW.minus(Duration.ofDays(29))));
        }
        DecisionLog.open(settings, CLOCK).close();
        DecisionLogReader reader = new DecisionLogReader(settings.file(), Redaction.NONE);

        assertThat(reader.find("old")).isEmpty();
        assertThat(reader.find("recent")).isPresent();
        assertThat(reader.rulesetFiles("pack@000000000001")).isNotEmpty();
    }

    @Test
    void theOldestAreDeletedUntilTheLogFitsItsSize() throws Exception {
        DecisionLogSettings settings = LogFixtures.settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            for (int i = 0; i < 2_000; i++) {
                log.offer(decision("d-" + i));
            }
        }
        long maxSize = 256 * 1024;
        DecisionLog.open(settings.withRetention(Duration.ofDays(30), maxSize), CLOCK).close();
        DecisionLogReader reader = new DecisionLogReader(settings.file(), Redaction.NONE);

        long kept = DecisionLogTest.count(settings.file());
        assertThat(kept).isBetween(1L, 1_999L);
        assertThat(reader.latest(1).get(0).decisionId()).isEqualTo("d-1999");
        assertThat(reader.find("d-0")).isEmpty();
        assertThat(LogFixtures.liveBytes(settings.file())).isLessThanOrEqualTo(maxSize);
    }

    /** Writing about twice what the bound holds, as fast as the writer goes: the file never grows more than 10% over it. */
    @Test
    void theFileStaysWithinItsBoundWhileTheLogWrites() throws Exception {
        long maxSize = 16L << 20;
        DecisionLogSettings settings = LogFixtures.settings(folder).withQueueCapacity(200_000)
                .withRetention(Duration.ofDays(30), maxSize);
        Path file = settings.file();
        FileSizes sizes = new FileSizes(file);
        int offered = 80_000;
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            sizes.start();
            for (int i = 0; i < offered; i++) {
                assertThat(log.offer(decision("d-" + i, "C-" + (i % 1_000), "A_CODE", NOW))).isEqualTo(Admission.QUEUED);
            }
            assertThat(log.flush(Duration.ofMinutes(2))).isTrue();
            assertThat(log.failed()).isZero();
        } finally {
            sizes.stop();
        }
        DecisionLogReader reader = new DecisionLogReader(file, Redaction.NONE);

        assertThat(sizes.largestFile()).as("largest file seen, bytes").isPositive().isLessThanOrEqualTo((long) (maxSize * 1.1));
        assertThat(reader.latest(1).get(0).decisionId()).isEqualTo("d-" + (offered - 1));
        assertThat(reader.find("d-0")).isEmpty();
        assertThat(DecisionLogTest.count(file)).isBetween(1L, offered - 1L);
    }

    @Test
    void aLoweredBoundGivesTheFreedPagesBackToTheDisk() throws Exception {
        DecisionLogSettings settings = LogFixtures.settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            for (int i = 0; i < 10_000; i++) {
                log.offer(decision("d-" + i));
            }
        }
        long before = Files.size(settings.file());
        long maxSize = 1L << 20;
        DecisionLog.open(settings.withRetention(Duration.ofDays(30), maxSize), CLOCK).close();

        assertThat(before).isGreaterThan(2 * maxSize);
        assertThat(Files.size(settings.file())).isLessThanOrEqualTo(maxSize);
        assertThat(new DecisionLogReader(settings.file(), Redaction.NONE).latest(1).get(0).decisionId()).isEqualTo("d-9999");
    }

    @Test
    void aVersionNoDecisionRefersToAnyMoreIsDeletedWithItsFiles() throws Exception {
        DecisionLogSettings settings = LogFixtures.settings(folder);
        LoggedDecision recent = decision("recent", "C-1", "A_CODE", NOW.minus(Duration.ofDays(1)));
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("old", "C-1", "A_CODE", NOW.minus(Duration.ofDays(31))));
        }
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(new LoggedDecision("recent", recent.at(), "pack@000000000002", LogFixtures.FILES, "C-1", recent.asOf(),
                    recent.request(), recent.recommendations(), 1_000, System.nanoTime()));
        }
        DecisionLog.open(settings, CLOCK).close();
        DecisionLogReader reader = new DecisionLogReader(settings.file(), Redaction.NONE);

        assertThat(reader.rulesetFiles("pack@000000000001")).isEmpty();
        assertThat(reader.rulesetFiles("pack@000000000002")).isNotEmpty();
    }

    /** Samples the file's size while the log writes: the largest the file (without its WAL) ever was. */
    private static final class FileSizes {
        private final Path file;
        private final AtomicLong largest = new AtomicLong();
        private volatile boolean running = true;
        private final Thread sampler;

        FileSizes(Path file) {
            this.file = file;
            this.sampler = new Thread(() -> {
                while (running) {
                    sample();
                    LockSupport.parkNanos(200_000);
                }
                sample();
            }, "file-sizes");
        }

        void start() {
            sampler.start();
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
        }

        long largestFile() {
            return largest.get();
        }

        private void sample() {
            try {
                largest.accumulateAndGet(Files.size(file), Math::max);
            } catch (IOException ignored) {
                // not created yet
            }
        }
    }
}
