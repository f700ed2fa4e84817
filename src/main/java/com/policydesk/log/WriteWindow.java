package com.policydesk.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The writer's open transaction: rows go into the file as soon as they are encoded and are committed together
 * once per window. Handing them to SQLite at once, rather than holding a window of rows on the Java heap until its
 * commit, keeps them out of the young collections (a window outlived one or two of them, overflowed the survivor
 * space and was promoted, filling the old generation until a full collection) and spreads the inserting over the
 * window instead of doing it in one burst at its end. Not thread-safe: the writer's.
 */
final class WriteWindow {
    private static final String INSERT_DECISION =
            "INSERT OR IGNORE INTO log_decisions (" + Row.COLUMNS + ") VALUES (" + Row.PLACEHOLDERS + ")";
    private static final String MARK_RULESET_USED =
            "UPDATE log_rulesets SET last_seq = (SELECT max(seq) FROM log_decisions) WHERE id = ?";

    private final Connection connection;
    private final Set<Integer> rulesets = new HashSet<>();
    private PreparedStatement insert;
    private int size;
    private long firstQueuedNanos;

    WriteWindow(Connection connection) {
        this.connection = connection;
    }

    /** Whether rows wait for their commit. */
    boolean isOpen() {
        return insert != null;
    }

    /** Rows inserted and not yet committed. */
    int size() {
        return size;
    }

    /** When the window's first row was handed to the log: the window ends one commit interval later. */
    long firstQueuedNanos() {
        return firstQueuedNanos;
    }

    /**
     * Inserts the rows in the open transaction, opening it first when none is. On failure nothing is left half
     * done in the file, but the window stays open: the caller rolls it back.
     */
    void insert(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        size += rows.size(); // counted first: if anything below fails, the rollback reports them lost
        if (!isOpen()) {
            open(rows.get(0).queuedNanos());
        }
        for (Row row : rows) {
            row.bind(insert, 1);
            insert.addBatch();
            rulesets.add(row.ruleset());
        }
        insert.executeBatch();
    }

    /**
     * Commits the window: its rows and, for each version they were decided by, the newest row that uses it
     * (retention keeps a version while rows refer to it).
     *
     * @return how many rows were committed
     */
    int commit() throws SQLException {
        try (PreparedStatement mark = connection.prepareStatement(MARK_RULESET_USED)) {
            for (int ruleset : rulesets) {
                mark.setInt(1, ruleset);
                mark.addBatch();
            }
            mark.executeBatch();
        }
        connection.commit();
        int committed = size;
        close();
        return committed;
    }

    /**
     * Rolls the window back.
     *
     * @return how many rows were lost with it
     */
    int rollback() {
        int lost = size;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next window reports it
        }
        close();
        return lost;
    }

    private void open(long queuedNanos) throws SQLException {
        connection.setAutoCommit(false);
        insert = connection.prepareStatement(INSERT_DECISION);
        firstQueuedNanos = queuedNanos;
    }

    private void close() {
        try {
            if (insert != null) {
                insert.close();
            }
        } catch (SQLException ignored) {
            // a statement of a connection that failed; nothing more to release
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next window reports it
        }
        insert = null;
        size = 0;
        rulesets.clear();
    }
}
