package com.policydesk.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every replica's newest status, read from the status topic (all its partitions, from the beginning, then as it
 * comes): what {@code GET /api/v1/cluster} shows. A tombstone (a replica that stopped cleanly) removes the replica.
 */
public final class ReplicaStatusBoard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReplicaStatusBoard.class.getName());

    /** A replica's newest status, and when it was sent (the record's timestamp). */
    public record Heard(ReplicaStatus status, Instant heardAt) {
    }

    private final KafkaClients clients;
    private final String topic;
    private final Map<String, Heard> replicas = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean closing;

    public ReplicaStatusBoard(KafkaClients clients, String topic) {
        this.clients = Objects.requireNonNull(clients);
        this.topic = Objects.requireNonNull(topic);
        this.thread = new Thread(this::run, "policydesk-cluster-board");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The replicas heard of, by id. */
    public List<Heard> replicas() {
        List<Heard> all = new ArrayList<>(replicas.values());
        all.sort(Comparator.comparing(heard -> heard.status().replica()));
        return all;
    }

    private void run() {
        try (KafkaConsumer<String, String> reader = clients.stringConsumer("replica-board", null)) {
            consumer = reader;
            List<TopicPartition> partitions = partitions(reader);
            if (partitions == null) {
                return;
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            while (!closing) {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(500))) {
                    take(record);
                }
            }
        } catch (WakeupException | InterruptException stopping) {
            // closed
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.log(System.Logger.Level.ERROR, "event=cluster_board_failed topic=" + topic
                        + ": GET /api/v1/cluster no longer shows new statuses", e);
            }
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> reader) {
        while (!closing) {
            try {
                var infos = reader.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
                // Kafka out of reach: tried again
            }
            sleep(1000);
        }
        return null;
    }

    private void take(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            replicas.remove(record.key());
            return;
        }
        try {
            ReplicaStatus status = ReplicaStatus.fromJson(record.value());
            replicas.put(record.key(), new Heard(status, Instant.ofEpochMilli(record.timestamp())));
        } catch (IllegalArgumentException notAStatus) {
            LOG.log(System.Logger.Level.DEBUG, "ignored a record of " + topic + " at " + record.offset() + ": "
                    + notAStatus.getMessage());
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    @Override
    public void close() {
        closing = true;
        KafkaConsumer<String, String> reader = consumer;
        if (reader != null) {
            reader.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
