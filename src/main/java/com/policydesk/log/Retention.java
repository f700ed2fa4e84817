package com.policydesk.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the log within its age and its size, on the writer's connection, in short transactions of their own.
 *
 * <p>Size: after every commit, when the pages in use pass {@value #FILL} of the bound, the oldest decisions are
 * deleted until they are back under it. The pages that frees are reused by the next decisions, so the file stops
 * growing a little under its bound and stays there, however fast decisions come (checked once a minute, the file
 * once grew to twice its bound at full rate). When the file is over its bound anyway (the bound was lowered, or an
 * age deletion freed much), free pages are given back to the disk with incremental vacuum, a few at a time.
 */
final class Retention {
    /** The share of the bound the pages in use are kept under: the rest is room for one batch and the WAL. */
    static final double FILL = 0.92;
    private static final int CHUNK = 2_000;
    /** Free pages given back per call: moving pages costs writes, so the file shrinks over a few commits. */
    private static final int VACUUM_PAGES = 512;

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

    /** Deletes the oldest decisions while the pages in use are over the fill; returns how many. */
    int keepWithinSize() throws SQLException {
        long target = (long) (maxSizeBytes * FILL);
        int deleted = 0;
        long used;
        while ((used = usedBytes()) > target) {
            long[] range = seqRange();
            long rows = range[1] - range[0] + 1;
            if (range[0] == 0 || rows <= 0) {
                break;
            }
            // The rows to delete, from the average row's share of the pages, and a little more: freed space shows
            // only as whole pages.
            long estimate = (long) Math.ceil((used - target) * 1.05 * rows / used) + 1;
            int chunk = (int) Math.min(CHUNK, Math.max(1, estimate));
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM log_decisions WHERE seq < ?")) {
                delete.setLong(1, range[0] + chunk);
                int gone = delete.executeUpdate();
                if (gone == 0) {
                    break;
                }
                deleted += gone;
            }
        }
        return deleted;
    }

    int deleteOlderThanMaxAge() throws SQLException {
        long cutoff = clock.instant().minus(maxAge).toEpochMilli();
        int total = 0;
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM log_decisions WHERE seq IN (SELECT seq FROM log_decisions WHERE at < ? ORDER BY seq LIMIT ?)")) {
            int deleted;
            do {
                delete.setLong(1, cutoff);
                delete.setInt(2, CHUNK);
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == CHUNK);
        }
        return total;
    }

    /** Deletes the versions (and their files) no remaining decision refers to; returns how many. */
    int deleteUnusedRulesets() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("DELETE FROM log_rulesets WHERE last_seq <"
                    + " coalesce((SELECT min(seq) FROM log_decisions), 9223372036854775807)");
        }
    }

    /** When the file is larger than its bound, gives some of its free pages back to the disk. */
    void releaseFreePagesOverTheBound() throws SQLException {
        long pageSize = pragma("page_size");
        long over = pragma("page_count") * pageSize - maxSizeBytes;
        long free = pragma("freelist_count");
        if (over <= 0 || free == 0 || pragma("auto_vacuum") != 2) {
            return;
        }
        long pages = Math.min(VACUUM_PAGES, Math.min(free, over / pageSize + 1));
        // Each step of the pragma frees one page and yields an empty row, which JDBC does not step through: each
        // execution here is one step.
        try (PreparedStatement vacuum = connection.prepareStatement("PRAGMA incremental_vacuum(1)")) {
            for (long page = 0; page < pages; page++) {
                vacuum.execute();
            }
        }
    }

    /** The pages in use: free pages, which new decisions reuse, are not counted. */
    private long usedBytes() throws SQLException {
        return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
    }

    /** The oldest and newest sequence numbers, {0, 0} when the log is empty (each a look-up at one end of the table). */
    private long[] seqRange() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT (SELECT min(seq) FROM log_decisions), (SELECT max(seq) FROM log_decisions)")) {
            return new long[]{result.getLong(1), result.getLong(2)};
        }
    }

    private long pragma(String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            return result.getLong(1);
        }
    }
}
