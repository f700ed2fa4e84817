package com.policydesk.cluster;

import com.policydesk.log.DecisionRecordJson;
import com.policydesk.log.StoredDecision;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;

/**
 * The newest decisions of the decision log's topic, for an impact replay: the last {@code limit} records of each
 * partition (the newest overall are among them, whatever the keys' spread), of which the newest {@code limit} by
 * decision time are kept. Reads with a consumer of its own, assigned rather than in a group: it commits nothing and
 * moves no one else's offsets.
 */
public final class DecisionTopicReader {
    private static final Logger LOG = Logger.getLogger(DecisionTopicReader.class);
    private static final Comparator<StoredDecision> OLDEST_FIRST =
            Comparator.comparing(StoredDecision::at).thenComparingLong(StoredDecision::sequence);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final String topic;
    private final DecisionRecordJson records;
    private final Duration timeout;

    /**
     * @param consumers makes a consumer for one read (closed after it); it must not create topics
     * @param timeout   how long a read may take in all: what it read by then is what it answers
     */
    public DecisionTopicReader(Supplier<Consumer<String, byte[]>> consumers, String topic, DecisionRecordJson records,
                               Duration timeout) {
        this.consumers = consumers;
        this.topic = topic;
        this.records = records;
        this.timeout = timeout;
    }

    /** The newest {@code limit} decisions, newest first; none when the topic does not exist yet. */
    public List<StoredDecision> latest(int limit) {
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, timeout);
            partitions.forEach(partition -> consumer.seek(partition,
                    Math.max(starts.get(partition), ends.get(partition) - limit)));
            return newestFirst(readUpTo(consumer, ends, limit));
        }
    }

    private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        return infos == null ? List.of() : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /** Reads every partition to the end it had when the read began; keeps the newest {@code limit}. */
    private PriorityQueue<StoredDecision> readUpTo(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends, int limit) {
        PriorityQueue<StoredDecision> newest = new PriorityQueue<>(OLDEST_FIRST);
        long deadline = System.nanoTime() + timeout.toNanos();
        int unreadable = 0;
        while (!reachedEnds(consumer, ends)) {
            if (System.nanoTime() > deadline) {
                LOG.warnf("Reading %s took longer than %s; replaying the %d decisions read so far", topic, timeout, newest.size());
                break;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    newest.add(records.read(record.offset(), record.value()));
                } catch (IllegalArgumentException notADecision) {
                    unreadable++;
                    continue;
                }
                if (newest.size() > limit) {
                    newest.poll();
                }
            }
        }
        if (unreadable > 0) {
            LOG.warnf("%d records of %s are not logged decisions; skipped", unreadable, topic);
        }
        return newest;
    }

    private static boolean reachedEnds(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private static List<StoredDecision> newestFirst(PriorityQueue<StoredDecision> newest) {
        List<StoredDecision> sorted = new ArrayList<>(newest);
        sorted.sort(OLDEST_FIRST.reversed());
        return sorted;
    }
}
