package com.policydesk.log;

import com.policydesk.engine.RuleFile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The decision log's write side: a bounded queue that any thread, the event loop included, offers to without
 * waiting, and one writer thread that commits what queued in one transaction per window (group commit). A decision
 * is committed at most one {@link DecisionLogSettings#commitInterval()} (plus the write itself) after it was queued,
 * so a crash loses at most that window; {@link #close()} drains the queue. Thread-safe.
 */
public final class DecisionLog implements DecisionSink {
    private static final System.Logger LOG = System.getLogger(DecisionLog.class.getName());
    private static final int MAX_BATCH = 5_000;
    private static final String INSERT_DECISION = "INSERT OR IGNORE INTO decisions (decision_id, at, ruleset, customer_id,"
            + " codes, request, recommendations, duration_us) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?)";

    private final DecisionLogSettings settings;
    private final BlockingQueue<LogEntry> queue;
    private final Connection connection;
    private final DecisionJson json = new DecisionJson();
    private final Retention retention;
    private final Clock clock;
    private final Set<String> storedVersions = new HashSet<>();
    private final Thread writer;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder unencodable = new LongAdder();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object progress = new Object();
    private volatile boolean closing;
    private volatile boolean flushRequested;
    private Instant nextRetention;

    private DecisionLog(DecisionLogSettings settings, Connection connection, Clock clock) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.connection = connection;
        this.clock = clock;
        this.retention = new Retention(connection, settings.maxAge(), settings.maxSizeBytes(), clock);
        this.nextRetention = clock.instant();
        this.writer = new Thread(this::writeUntilClosed, "decision-log-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (creating and migrating when needed) the log file and starts the writer.
     *
     * @throws SQLException when the file cannot be opened as a decision log
     */
    public static DecisionLog open(DecisionLogSettings settings, Clock clock) throws SQLException {
        DecisionLog log = new DecisionLog(settings, LogDatabase.open(settings.file()), clock);
        log.writer.start();
        return log;
    }

    /** Whether a decision made now could be queued: lets a shedding caller refuse before deciding. */
    public boolean hasRoom() {
        return !closing && queue.remainingCapacity() > 0;
    }

    /**
     * Queues a decision without waiting; when the queue is full, the policy says whether to refuse or drop. The
     * decision is turned into its row here, on the caller's thread: what waits in the queue is then a few strings and
     * two byte arrays instead of the request's and the recommendations' object graphs, which the garbage collector
     * would otherwise copy at each young collection they live through.
     */
    public Admission offer(LoggedDecision decision) {
        if (!closing && queue.remainingCapacity() > 0) {
            LogEntry row = entryOf(decision);
            if (row == null) {
                return Admission.FAILED;
            }
            if (queue.offer(row)) {
                queued.incrementAndGet();
                return Admission.QUEUED;
            }
        }
        if (settings.whenFull() == WhenFull.DROP && !closing) {
            dropped.increment();
            return Admission.DROPPED;
        }
        refused.increment();
        return Admission.REFUSED;
    }

    private LogEntry entryOf(LoggedDecision decision) {
        try {
            return LogEntry.of(decision, json, settings.redaction());
        } catch (RuntimeException e) {
            // The caller's answer stands; the log counts the decision as failed, as a failed write does.
            LOG.log(System.Logger.Level.ERROR, "The decision log could not encode decision " + decision.decisionId(), e);
            unencodable.increment();
            return null;
        }
    }

    /**
     * Waits until everything queued before this call is committed (or the timeout passes): for a replay that must
     * see the latest decisions, and for tests.
     *
     * @return whether everything was committed in time
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = queued.get();
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
    public long dropped() {
        return dropped.sum();
    }

    /** Decisions refused because the queue was full (policy shed) or the log was closing. */
    public long refused() {
        return refused.sum();
    }

    /** Decisions committed since the log was opened. */
    public long written() {
        return written.get();
    }

    /** Decisions that could not be encoded or written (each failure is logged). */
    public long failed() {
        return failed.get() + unencodable.sum();
    }

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
        List<LogEntry> batch = new ArrayList<>(MAX_BATCH);
        try {
            retainWhenDue();
            while (!closing || !queue.isEmpty()) {
                collect(batch);
                if (!batch.isEmpty()) {
                    write(batch);
                    batch.clear();
                }
                retainWhenDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
    }

    /** Waits for a first decision, then until its window ends (or a flush, close or full batch), and takes what queued. */
    private void collect(List<LogEntry> batch) throws InterruptedException {
        LogEntry first = queue.poll(closing ? 0 : 200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        long deadline = first.queuedNanos() + settings.commitInterval().toNanos();
        while (!closing && !flushRequested && queue.size() < MAX_BATCH - 1) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // Sleeping through the window, not waking per decision, is what makes a batch out of a burst.
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(5)));
        }
        flushRequested = false;
        queue.drainTo(batch, MAX_BATCH - 1);
    }

    private void write(List<LogEntry> batch) {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_DECISION)) {
            connection.setAutoCommit(false);
            for (LogEntry row : batch) {
                storeVersionOnce(row.ruleset(), row.rulesetFiles());
                bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
            written.addAndGet(batch.size());
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "The decision log could not write " + batch.size() + " decisions", e);
            rollbackQuietly();
            storedVersions.clear();
            failed.addAndGet(batch.size());
        } finally {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private static void bind(PreparedStatement insert, LogEntry row) throws SQLException {
        insert.setString(1, row.decisionId());
        insert.setString(2, row.at());
        insert.setString(3, row.ruleset());
        insert.setString(4, row.customerKey());
        insert.setString(5, row.codes());
        // JSON as UTF-8 bytes, stored as TEXT (the cast copies no bytes): readable as text by any SQLite tool
        insert.setBytes(6, row.request());
        insert.setBytes(7, row.recommendations());
        insert.setLong(8, row.durationMicros());
    }

    /** A version's files are written with its first decision, in the same transaction. */
    private void storeVersionOnce(String version, List<RuleFile> files) throws SQLException {
        if (storedVersions.contains(version)) {
            return;
        }
        try (PreparedStatement ruleset = connection.prepareStatement(
                "INSERT OR IGNORE INTO rulesets (version, first_seen) VALUES (?, ?)");
             PreparedStatement file = connection.prepareStatement(
                     "INSERT OR IGNORE INTO ruleset_files (version, path, sha256, content) VALUES (?, ?, ?, ?)")) {
            ruleset.setString(1, version);
            ruleset.setString(2, LogTime.format(clock.instant()));
            ruleset.executeUpdate();
            for (RuleFile ruleFile : files) {
                file.setString(1, version);
                file.setString(2, ruleFile.path());
                file.setString(3, ruleFile.sha256());
                file.setBytes(4, ruleFile.content());
                file.addBatch();
            }
            file.executeBatch();
        }
        storedVersions.add(version);
    }

    private void retainWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRetention)) {
            return;
        }
        nextRetention = now.plus(settings.retentionEvery());
        try {
            if (retention.apply() > 0) {
                // a version whose decisions are all gone may have been deleted with them
                storedVersions.clear();
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.ERROR, "Decision log retention failed", e);
            rollbackQuietly();
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the next write reports it
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the decision log failed", e);
        }
    }
}
