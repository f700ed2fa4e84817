package com.policydesk.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the log within its age and size: deletes decisions older than the age, then the oldest until the live data
 * fits the size, in chunks (one short transaction each: the writer's next batch waits for no long delete), and
 * forgets rule-set versions no decision refers to any more. Freed pages are not given back to the disk (that costs
 * a write per page) but reused by the next decisions: the file stays near its largest size.
 */
final class Retention {
    private static final int CHUNK = 2_000;

    private final Connection connection;
    private final Duration maxAge;
    private final long maxSizeBytes;
    private final Clock clock;

    Retention(Connection connection, Duration maxAge, long maxSizeBytes, Clock clock) {
        this.connection = connection;
        this.maxAge = maxAge;
        this.maxSizeBytes = maxSizeBytes;
        this.clock = clock;
    }

    /** Applies both limits; returns how many decisions it deleted. */
    int apply() throws SQLException {
        connection.setAutoCommit(true);
        int deleted = deleteOlderThan(LogTime.format(clock.instant().minus(maxAge)));
        while (liveBytes() > maxSizeBytes) {
            int oldest = deleteOldest(Math.max(1, count() / 10));
            if (oldest == 0) {
                break;
            }
            deleted += oldest;
        }
        if (deleted > 0) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM rulesets WHERE version NOT IN (SELECT DISTINCT ruleset FROM decisions)");
            }
        }
        return deleted;
    }

    private int deleteOlderThan(String cutoff) throws SQLException {
        int total = 0;
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM decisions WHERE seq IN (SELECT seq FROM decisions WHERE at < ? ORDER BY seq LIMIT ?)")) {
            int deleted;
            do {
                delete.setString(1, cutoff);
                delete.setInt(2, CHUNK);
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        return total;
    }

    private int deleteOldest(int rows) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM decisions WHERE seq IN (SELECT seq FROM decisions ORDER BY seq LIMIT ?)")) {
            delete.setInt(1, Math.min(rows, CHUNK));
            return delete.executeUpdate();
        }
    }

    /** The pages in use: free pages, which new decisions reuse, are not counted. */
    private long liveBytes() throws SQLException {
        return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
    }

    private int count() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM decisions")) {
            return result.getInt(1);
        }
    }

    private long pragma(String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            return result.getLong(1);
        }
    }
}
