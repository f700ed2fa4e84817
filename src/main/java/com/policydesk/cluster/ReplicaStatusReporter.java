package com.policydesk.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reports this replica's status to the status topic (key: the replica id) every interval and whenever
 * {@link #reportNow()} is called; sending never blocks the caller, and a status Kafka does not take is simply sent
 * again at the next interval. Closing removes the replica from the topic (a tombstone): a replica that stops
 * cleanly leaves the cluster view, one that dies is shown silent.
 */
public final class ReplicaStatusReporter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReplicaStatusReporter.class.getName());

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String replica;
    private final Supplier<ReplicaStatus> current;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "policydesk-cluster-status");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean failing;

    /**
     * @param current this replica's status now (its {@code at} is set when sent)
     */
    public ReplicaStatusReporter(KafkaClients clients, String topic, String replica, Supplier<ReplicaStatus> current,
                                 Clock clock) {
        this.producer = clients.stringProducer("replica-status");
        this.topic = Objects.requireNonNull(topic);
        this.replica = Objects.requireNonNull(replica);
        this.current = Objects.requireNonNull(current);
        this.clock = Objects.requireNonNull(clock);
    }

    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::send, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends the status now (on the reporter's thread). */
    public void reportNow() {
        try {
            timer.execute(this::send);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing
        }
    }

    private void send() {
        ReplicaStatus status = current.get().at(clock.instant());
        try {
            producer.send(new ProducerRecord<>(topic, replica, status.toJson()), (metadata, error) -> {
                if (error != null && !failing) {
                    failing = true;
                    LOG.log(System.Logger.Level.WARNING, "event=status_not_sent topic=" + topic + " reason="
                            + error.getMessage() + ": sent again at the next interval");
                } else if (error == null) {
                    failing = false;
                }
            });
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "event=status_not_sent topic=" + topic + " reason=" + e.getMessage());
            }
        }
    }

    /** Leaves the cluster view (a tombstone for this replica), waiting a little for Kafka to take it. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, replica, null)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception gone) {
            // Kafka out of reach: the replica is shown silent, then
        } finally {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
