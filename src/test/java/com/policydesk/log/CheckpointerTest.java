package com.policydesk.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static com.policydesk.log.LogFixtures.NOW;
import static com.policydesk.log.LogFixtures.decision;
import static com.policydesk.log.LogFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the writer commits reaches the log's file itself, not only its write-ahead log, without the writer copying
 * it back: each test reads a copy of the file alone, as SQLite reads a file whose WAL is gone.
 */
class CheckpointerTest {
    /** Generous: the conditions below hold within a few intervals; this only ends a test that would hang. */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path folder;

    @Test
    void aCommittedTransactionIsCopiedIntoTheFileAfterItIsReported() throws Exception {
        Path file = folder.resolve("log.db");
        try (Connection writer = LogDatabase.open(file, 1L << 30);
             Statement statement = writer.createStatement();
             Checkpointer checkpointer = Checkpointer.start(file, Duration.ofMillis(5))) {
            statement.execute("PRAGMA wal_autocheckpoint = 0"); // the writer copies nothing back itself
            statement.execute("CREATE TABLE probe (n INTEGER)");
            statement.execute("INSERT INTO probe VALUES (1), (2), (3)");
            assertThat(rowsInTheFileAlone(file, "probe")).as("before any checkpoint").isEqualTo(-1);

            checkpointer.committed();

            awaitRowsInTheFileAlone(file, "probe", 3);
            assertThat(checkpointer.checkpoints()).isPositive();
        }
    }

    @Test
    void theDecisionsALogCommitsReachItsFileWhileItIsOpen() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, Clock.fixed(NOW, ZoneOffset.UTC))) {
            log.offer(decision("d-1"));
            log.offer(decision("d-2"));
            assertThat(log.flush(Duration.ofSeconds(30))).isTrue();

            awaitRowsInTheFileAlone(settings.file(), "log_decisions", 2);
        }
    }

    private void awaitRowsInTheFileAlone(Path file, String table, long rows) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while (rowsInTheFileAlone(file, table) != rows && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(rowsInTheFileAlone(file, table)).isEqualTo(rows);
    }

    /**
     * The table's rows in a copy of the file without its WAL, or -1 when the copy has no such table (or was taken
     * while a checkpoint wrote the file, and does not read: the caller looks again).
     */
    private long rowsInTheFileAlone(Path file, String table) throws Exception {
        Path copy = Files.createTempFile(folder, "alone", ".db");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Connection connection = LogDatabase.connect(copy);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            return result.getLong(1);
        } catch (SQLException notThereOrTorn) {
            return -1;
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
