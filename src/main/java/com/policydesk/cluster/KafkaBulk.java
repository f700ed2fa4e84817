package com.policydesk.cluster;

import com.policydesk.config.PolicyDeskConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.function.BooleanSupplier;

/** Bulk decisions built from the settings: their consumer (in the replicas' group) and the producer of the answers. */
public final class KafkaBulk {
    private KafkaBulk() {
    }

    /** A started consumer loop; it begins polling once {@code ready} holds. */
    public static BulkDecisions start(PolicyDeskConfig.Cluster.Kafka kafka, BulkDecider decider, BooleanSupplier ready) {
        int threads = kafka.bulkThreads().orElse(Runtime.getRuntime().availableProcessors());
        BulkDecisions bulk = new BulkDecisions(new KafkaConsumer<>(consumerProperties(kafka)),
                new KafkaProducer<>(producerProperties(kafka)),
                new BulkDecisions.Settings(kafka.requestsTopic(), kafka.recommendationsTopic(), kafka.bulkGroup(), threads),
                decider, ready);
        bulk.start();
        return bulk;
    }

    /**
     * Offsets committed by the loop itself, after the answers; a new group starts at the oldest request kept. A
     * replica that dies is noticed within 10 s (the session timeout), and its partitions go to the others.
     */
    static Properties consumerProperties(PolicyDeskConfig.Cluster.Kafka kafka) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.bulkGroup());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "policydesk-bulk");
        properties.putAll(KafkaDecisionLog.common(kafka));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    /** Answers as safe as the log's records (all in-sync replicas, written once), sent as soon as a poll is decided. */
    static Properties producerProperties(PolicyDeskConfig.Cluster.Kafka kafka) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "policydesk-bulk-answers");
        properties.putAll(KafkaDecisionLog.common(kafka));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }
}
