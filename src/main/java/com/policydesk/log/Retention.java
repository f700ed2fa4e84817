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
 * fits the size, in chunks (one short transaction each, so readers and the writer's next batch are not held up),
 * gives the freed pages back to the disk, and forgets rule-set versions no decision refers to any more.
 */
final class Retention {
    private static final int CHUNK = 10_000;

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
                statement.execute("PRAGMA incremental_vacuum");
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

    /** The pages in use, free pages not counted: what the file shrinks to after a vacuum. */
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
