package com.policydesk.log;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The decision log's write side: a bounded queue that any thread, the event loop included, hands decisions to
 * without waiting and at next to no cost, and one writer thread that turns them into rows as they come (every few
 * milliseconds, so that what waits is young garbage), inserts them at once and commits them in one transaction per
 * window (group commit: {@link WriteWindow}).
 * A decision is committed at most one {@link DecisionLogSettings#commitInterval()} (plus the write itself) after it
 * was queued, so a crash loses at most that window; after each commit the file is kept within its size
 * ({@link Retention}); {@link #close()} drains the queue. Thread-safe.
 */
public final class DecisionLog implements DecisionSink {
    private static final System.Logger LOG = System.getLogger(DecisionLog.class.getName());
    private static final int MAX_BATCH = 5_000;
    /** How often an idle writer looks at the queue. */
    private static final long ENCODE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * How often a busy writer (a window open) takes what queued: what waits in the queue is what a young collection
     * copies (the body and the recommendations of each decision), so it is kept to about a millisecond's worth.
     */
    private static final long ENCODE_EVERY_NANOS_WHILE_OPEN = TimeUnit.MILLISECONDS.toNanos(1);
    /**
     * How often, at most, what was committed is copied from the WAL back into the file ({@link Checkpointer}): at full
     * load a quarter of a second's rows (~3 MB of WAL) per checkpoint, so that the writer's own checkpoint, when the
     * WAL reaches its bound, finds little left to copy.
     */
    private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(250);

    private final DecisionLogSettings settings;
    private final BlockingQueue<LoggedDecision> queue;
    private final Connection connection;
    private final Vocabulary vocabulary;
    private final RowEncoder encoder;
    private final Retention retention;
    private final WriteWindow window;
    private final Clock clock;
    private final Thread writer;
    private final Checkpointer checkpointer;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object progress = new Object();
    private volatile boolean closing;
    private volatile boolean flushRequested;
    private Instant nextAgeCheck;

    private DecisionLog(DecisionLogSettings settings, Connection connection, Clock clock) throws SQLException {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.connection = connection;
        this.clock = clock;
        this.vocabulary = new Vocabulary(connection);
        this.encoder = new RowEncoder(vocabulary, PayloadDictionary.current(), settings.redaction(), clock);
        this.retention = new Retention(connection, settings.maxAge(), settings.maxSizeBytes(), clock);
        this.window = new WriteWindow(connection);
        this.nextAgeCheck = clock.instant();
        this.writer = new Thread(this::writeUntilClosed, "decision-log-writer");
        this.writer.setDaemon(true);
        this.checkpointer = Checkpointer.start(settings.file(), CHECKPOINT_EVERY); // last: nothing after it can fail
    }

    /**
     * Opens (creating and migrating when needed) the log file and starts the writer.
     *
     * @throws SQLException when the file cannot be opened as a decision log
     */
    public static DecisionLog open(DecisionLogSettings settings, Clock clock) throws SQLException {
        Connection connection = LogDatabase.open(settings.file(), settings.maxSizeBytes());
        try {
            DecisionLog log = new DecisionLog(settings, connection, clock);
            log.writer.start();
            return log;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Brings a file written by an older version to this one's schema (converting its rows), without starting a
     * writer: for a tool that reads a copy of the log.
     */
    public static void upgrade(Path file) throws SQLException {
        LogDatabase.open(file, DecisionLogSettings.defaults(file).maxSizeBytes()).close();
    }

    /** Whether a decision made now could be queued: lets a shedding caller refuse before deciding. */
    @Override
    public boolean hasRoom() {
        return !closing && queue.remainingCapacity() > 0;
    }

    /**
     * Queues a decision without waiting; when the queue is full, the policy says whether to refuse or drop. Nothing
     * is encoded here: the writer thread makes the row.
     */
    @Override
    public Admission offer(LoggedDecision decision) {
        if (!closing && queue.offer(decision)) {
            queued.increment();
            return Admission.QUEUED;
        }
        if (settings.whenFull() == WhenFull.DROP && !closing) {
            dropped.increment();
            return Admission.DROPPED;
        }
        refused.increment();
        return Admission.REFUSED;
    }

    /**
     * Waits until everything queued before this call is committed (or the timeout passes): for a replay that must
     * see the latest decisions, and for tests.
     *
     * @return whether everything was committed in time
     */
    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = queued.sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushRequested = true;
        LockSupport.unpark(writer);
        synchronized (progress) {
            while (written.get() + failed.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    public DecisionLogSettings settings() {
        return settings;
    }

    /** Decisions answered but not logged because the queue was full (policy drop). */
    @Override
    public long dropped() {
        return dropped.sum();
    }

    /** Decisions refused because the queue was full (policy shed) or the log was closing. */
    @Override
    public long refused() {
        return refused.sum();
    }

    /** Decisions committed since the log was opened. */
    @Override
    public long written() {
        return written.get();
    }

    /** Decisions that could not be encoded or written (each failure is logged). */
    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public int queueSize() {
        return queue.size();
    }

    /** Stops taking decisions, writes every queued one, and closes the file. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        LockSupport.unpark(writer);
        writer.join();
    }

    private void writeUntilClosed() {
        List<LoggedDecision> taken = new ArrayList<>(MAX_BATCH);
        List<Row> encoded = new ArrayList<>(MAX_BATCH);
        int windowLimit = Math.min(MAX_BATCH, settings.queueCapacity());
        try {
            retain(true);
            while (!closing || !queue.isEmpty() || window.isOpen()) {
                boolean flushing = flushRequested;
                flushRequested = false;
                // What waits for its commit window counts against the queue's capacity, as it did when the writer
                // took the queue only once a window had passed: more than a window's capacity sheds.
                queue.drainTo(taken, windowLimit - window.size());
                encode(taken, encoded);
                insert(encoded);
                if (!window.isOpen()) {
                    retainWhenDue();
                    if (!closing) {
                        // Idle: looking again in a few milliseconds costs nothing to those who offer (a writer
                        // waiting on the queue would make each first offer wake it: a system call on the event loop).
                        LockSupport.parkNanos(this, ENCODE_EVERY_NANOS);
                    }
                    continue;
                }
                long windowLeft = window.firstQueuedNanos() + settings.commitInterval().toNanos() - System.nanoTime();
                if (closing || flushing || window.size() >= MAX_BATCH || windowLeft <= 0) {
                    commit();
                    retain(false);
                } else {
                    // Sleeping, not waking per decision, is what makes a window's rows out of a burst.
                    LockSupport.parkNanos(this, Math.min(windowLeft, ENCODE_EVERY_NANOS_WHILE_OPEN));
                }
            }
        } finally {
            closeQuietly();
        }
    }

    private void encode(List<LoggedDecision> taken, List<Row> encoded) {
        for (LoggedDecision decision : taken) {
            try {
                encoded.add(encoder.encode(decision));
            } catch (SQLException | RuntimeException e) {
                // The caller's answer stands; the log counts the decision as failed, as a failed write does.
                LOG.log(System.Logger.Level.ERROR, "The decision log could not encode decision " + decision.decisionId(), e);
                failed.incrementAndGet();
                notifyProgress();
            }
        }
        taken.clear();
    }

    /** Hands the rows to the open window; if that fails, the window is lost with them, and each failure counted. */
    private void insert(List<Row> encoded) {
        try {
            window.insert(encoded);
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "The decision log could not write " + window.size() + " decisions", e);
            abandonWindow();
        } finally {
            encoded.clear();
        }
    }

    private void commit() {
        try {
            written.addAndGet(window.commit());
            checkpointer.committed();
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "The decision log could not commit " + window.size() + " decisions", e);
            abandonWindow();
        } finally {
            notifyProgress();
        }
    }

    private void abandonWindow() {
        failed.addAndGet(window.rollback());
        vocabulary.forgetUncommitted();
        notifyProgress();
    }

    private void retainWhenDue() {
        if (!clock.instant().isBefore(nextAgeCheck)) {
            retain(true);
        }
    }

    /** Keeps the file within its size after each commit, and its decisions within their age when that is due. */
    private void retain(boolean byAge) {
        try {
            int deleted = retention.keepWithinSize();
            if (byAge) {
                nextAgeCheck = clock.instant().plus(settings.retentionEvery());
                deleted += retention.deleteOlderThanMaxAge();
            }
            if (deleted > 0 && retention.deleteUnusedRulesets() > 0) {
                vocabulary.forgetRulesets();
            }
            retention.releaseFreePagesOverTheBound();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.ERROR, "Decision log retention failed", e);
            rollbackQuietly();
            autoCommitQuietly();
        }
    }

    private void notifyProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is broken; the next write reports it
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next write reports it
        }
    }

    private void closeQuietly() {
        try {
            checkpointer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the decision log failed", e);
        }
    }
}
