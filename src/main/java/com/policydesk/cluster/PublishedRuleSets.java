package com.policydesk.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the rules topic, the one published version every replica runs, and hands each publication to an
 * {@link Installer}, in the topic's order. At start it reads the whole topic to its end first and installs only the
 * newest publication (the ones before it are superseded), then reports {@link #caughtUp()}; afterwards it installs
 * each publication as it comes (of several that come together, the newest). Reads partition 0 only: publications
 * are ordered, whatever partitions an operator gave the topic. Kafka out of reach is waited out: the consumer keeps
 * retrying, and the replica keeps running what it runs.
 */
public final class PublishedRuleSets implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PublishedRuleSets.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration UNREACHABLE_LOG_EVERY = Duration.ofSeconds(60);

    /** What the replica does with what it reads; called on the reader's own thread, one at a time. */
    public interface Installer {
        /** Install this publication: it is the newest one read. */
        void install(PublishedRuleSet published, long offset);

        /** The newest record is no publication (not JSON, a file missing …): nothing can be installed from it. */
        void unreadable(long offset, String problem);

        /** Read to the end at start, and nothing was ever published. */
        void nothingPublished();
    }

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final Installer installer;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition applied = lock.newCondition();
    /** The offset after the last record handed over (or passed over); guarded by lock. */
    private long appliedUpTo;
    private volatile boolean caughtUp;
    private volatile boolean closing;
    private volatile PublishedRuleSet latest;
    private volatile long latestOffset = -1;

    public PublishedRuleSets(KafkaClients clients, String topic, Installer installer) {
        this.consumer = clients.stringConsumer("rulesets", null);
        this.partition = new TopicPartition(Objects.requireNonNull(topic), 0);
        this.installer = Objects.requireNonNull(installer);
        this.thread = new Thread(this::run, "policydesk-cluster-rulesets");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether the topic was read to its end at start, and its newest publication handed over. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The newest publication read, if any. */
    public Optional<PublishedRuleSet> latest() {
        return Optional.ofNullable(latest);
    }

    /** The offset of {@link #latest()}, -1 when none. */
    public long latestOffset() {
        return latestOffset;
    }

    /** Waits until the record at this offset (or a later one) has been handed over; false at the timeout. */
    public boolean awaitApplied(long offset, Duration timeout) {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (appliedUpTo <= offset) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = applied.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            CatchUp start = catchUp();
            if (start == null) {
                return;
            }
            if (start.newest() == null) {
                installer.nothingPublished();
            } else {
                hand(start.newest());
            }
            markApplied(start.end());
            caughtUp = true;
            LOG.log(System.Logger.Level.INFO, String.format("event=caught_up topic=%s endOffset=%d published=%s",
                    partition.topic(), start.end(), latest == null ? "none" : latest.version()));
            while (!closing) {
                List<ConsumerRecord<String, String>> batch = consumer.poll(POLL).records(partition);
                if (batch.isEmpty()) {
                    continue;
                }
                ConsumerRecord<String, String> last = null;
                for (ConsumerRecord<String, String> record : batch) {
                    if (record.value() != null) {
                        last = record;
                    }
                }
                if (last != null) {
                    hand(last);
                }
                markApplied(batch.get(batch.size() - 1).offset() + 1);
            }
        } catch (WakeupException | InterruptException stopping) {
            // closed
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.log(System.Logger.Level.ERROR, "event=cluster_reader_failed topic=" + partition.topic()
                        + ": this replica no longer follows publications", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Where the topic ended at start, and its newest publication record then. */
    private record CatchUp(long end, ConsumerRecord<String, String> newest) {
    }

    /**
     * Reads the topic from its beginning to its end at start; Kafka is waited for as long as it takes (readiness
     * stays down meanwhile). Null when closed meanwhile.
     */
    private CatchUp catchUp() {
        long lastLogged = 0;
        while (!closing) {
            try {
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
                ConsumerRecord<String, String> newest = null;
                while (!closing && consumer.position(partition, Duration.ofSeconds(10)) < end) {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL).records(partition)) {
                        if (record.offset() < end && record.value() != null) {
                            newest = record;
                        }
                    }
                }
                return closing ? null : new CatchUp(end, newest);
            } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
                long now = System.nanoTime();
                if (lastLogged == 0 || now - lastLogged > UNREACHABLE_LOG_EVERY.toNanos()) {
                    LOG.log(System.Logger.Level.WARNING, "event=cluster_unreachable topic=" + partition.topic()
                            + " reason=" + unreachable.getMessage() + ": not ready until the published rules are read");
                    lastLogged = now;
                }
            }
        }
        return null;
    }

    private void hand(ConsumerRecord<String, String> record) {
        PublishedRuleSet published;
        try {
            published = PublishedRuleSet.fromJson(record.value());
        } catch (IllegalArgumentException unreadable) {
            installer.unreadable(record.offset(), unreadable.getMessage());
            return;
        }
        latest = published;
        latestOffset = record.offset();
        try {
            installer.install(published, record.offset());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "event=install_failed version=" + published.version() + " offset="
                    + record.offset(), e);
        }
    }

    private void markApplied(long upTo) {
        lock.lock();
        try {
            appliedUpTo = Math.max(appliedUpTo, upTo);
            applied.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
