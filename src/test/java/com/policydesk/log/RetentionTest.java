package com.policydesk.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import static com.policydesk.log.LogFixtures.NOW;
import static com.policydesk.log.LogFixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention runs when the log opens (and then every minute): by age, then by size, oldest first. */
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
        assertThat(liveBytes(settings.file())).isLessThanOrEqualTo(maxSize);
    }

    private static long liveBytes(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            return (pragma(statement, "page_count") - pragma(statement, "freelist_count")) * pragma(statement, "page_size");
        }
    }

    private static long pragma(Statement statement, String name) throws Exception {
        try (ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            return result.getLong(1);
        }
    }
}
