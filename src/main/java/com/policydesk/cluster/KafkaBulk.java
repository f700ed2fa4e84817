package com.policydesk.cluster;

import com.policydesk.config.PolicyDeskConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;


/** Bulk decisions built from the settings: their consumer (in the replicas' group) and the producer of the answers. */
public final class KafkaBulk {
    /**
     * A replica that dies is noticed within 10 s (the session timeout; the broker's default minimum is 6 s) and its
     * partitions go to the others; a poll is a few hundred requests, decided well within the poll interval. The
     * broker answers a fetch once it has 64 KiB for it (or after 20 ms): fetches of a few requests each cost the
     * broker and the replica a round trip per handful of decisions.
     */
    private static final Map<String, String> CONSUMER = Map.of(
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000",
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500",
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(64 * 1024),
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");

    private KafkaBulk() {
    }

    /** A started consumer loop; it begins polling once {@code ready} holds. */
    public static BulkDecisions start(KafkaClients clients, PolicyDeskConfig.Cluster.Kafka kafka, String replica,
                                      BulkDecider decider, BooleanSupplier ready) {
        int threads = kafka.bulkThreads().orElse(Runtime.getRuntime().availableProcessors());
        Properties consumer = clients.consumerProperties("bulk", kafka.bulkGroup(), CONSUMER);
        Properties producer = clients.producerProperties("bulk-answers", KafkaClients.BATCHED);
        BulkDecisions bulk = new BulkDecisions(
                new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
                new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()),
                new BulkDecisions.Settings(kafka.requestsTopic(), kafka.recommendationsTopic(), kafka.bulkGroup(), threads, replica),
                decider, ready);
        bulk.start();
        return bulk;
    }
}
