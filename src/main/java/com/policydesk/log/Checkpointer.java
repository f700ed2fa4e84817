package com.policydesk.log;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies what the writer committed from the log's write-ahead log (WAL) back into its file, on a thread and a
 * connection of its own: a passive SQLite checkpoint, at most once per interval and only after a commit.
 * <p>
 * Left to SQLite, all of the copying ran in the commit that filled the WAL, on the writer's thread: at full load a
 * commit of 50-80 ms every ~2 s (32 MB of WAL copied back and synced), during which the writer took nothing from its
 * queue. The ~1,600 decisions that queued meanwhile were copied by the young collections that found them (pauses of
 * 7-15 ms against ~1.5 ms otherwise: the service's p99) and promoted into the old generation. A passive checkpoint
 * waits for no one: it copies the frames committed so far while the writer goes on writing.
 * <p>
 * SQLite's own checkpoint still runs in the writer's commit when the WAL reaches its bound: only a transaction that
 * began with the whole WAL copied back lets the WAL start again from its beginning, and the writer opens its next
 * window right after each commit, so it is the writer's checkpoint that restarts the WAL. It now finds all but the
 * last fraction of a second already copied, and takes 5-12 ms. It is also the backstop should this thread fail.
 */
final class Checkpointer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

    private final Connection connection;
    private final long intervalNanos;
    private final Thread thread;
    private final AtomicLong checkpoints = new AtomicLong();
    private volatile boolean committedSinceCheckpoint;
    private volatile boolean closing;
    /** Whether the last checkpoint failed: a failure is logged once, not four times a second until it clears. */
    private boolean failing;

    private Checkpointer(Connection connection, Duration interval) {
        this.connection = connection;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::checkpointUntilClosed, "decision-log-checkpointer");
        this.thread.setDaemon(true);
    }

    /** Starts checkpointing the log in the file, at most once per interval. */
    static Checkpointer start(Path file, Duration interval) throws SQLException {
        Checkpointer checkpointer = new Checkpointer(LogDatabase.connect(file), interval);
        checkpointer.thread.start();
        return checkpointer;
    }

    /** Called by the writer after each commit: the next round copies it. */
    void committed() {
        committedSinceCheckpoint = true;
    }

    /** Checkpoints run so far (a test's condition to wait on). */
    long checkpoints() {
        return checkpoints.get();
    }

    private void checkpointUntilClosed() {
        while (!closing) {
            LockSupport.parkNanos(this, intervalNanos);
            if (committedSinceCheckpoint && !closing) {
                committedSinceCheckpoint = false;
                checkpoint();
            }
        }
    }

    private void checkpoint() {
        try (Statement statement = connection.createStatement();
             ResultSet ignored = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            checkpoints.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "The decision log's checkpoints work again");
            }
        } catch (SQLException e) {
            // The writer's own checkpoint, at the WAL's bound, still keeps the WAL within it.
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "The decision log's checkpoint failed; the writer's will do"
                        + " until it works again", e);
            }
        }
    }

    /** Stops the thread (after the checkpoint it may be running) and closes its connection. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        LockSupport.unpark(thread);
        thread.join();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the decision log's checkpoint connection failed", e);
        }
    }
}
