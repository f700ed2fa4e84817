package com.policydesk.cluster;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.DecisionRecordJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;

/**
 * The decision log on Kafka ({@code policydesk.log.sink=kafka}), built from the settings: its sink and the reader an
 * impact replay takes its sample with.
 */
public final class KafkaDecisionLog {
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(30);

    private KafkaDecisionLog() {
    }

    /**
     * @throws IllegalStateException when no bootstrap servers are set: the service must not start then
     */
    public static KafkaDecisionSink sink(PolicyDeskConfig.Cluster.Kafka kafka, DecisionLogSettings settings) {
        requireServers(kafka);
        return new KafkaDecisionSink(new KafkaProducer<>(producerProperties(kafka)), kafka.decisionsTopic(),
                new DecisionRecordJson(settings.redaction()), settings.queueCapacity(), settings.whenFull());
    }

    public static DecisionTopicReader reader(PolicyDeskConfig.Cluster.Kafka kafka, DecisionLogSettings settings) {
        requireServers(kafka);
        return new DecisionTopicReader(() -> new KafkaConsumer<>(sampleConsumerProperties(kafka)), kafka.decisionsTopic(),
                new DecisionRecordJson(settings.redaction()), SAMPLE_TIMEOUT);
    }

    /**
     * What the log needs of the producer: nothing acknowledged is lost when a replica or broker dies (every in-sync
     * replica has it, written once however often the producer retried); batches of ~10 ms compressed with LZ4,
     * the cheapest codec in CPU that kafka-clients brings. The operator's {@code client.*} settings come last.
     */
    static Properties producerProperties(PolicyDeskConfig.Cluster.Kafka kafka) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "policydesk-decision-log");
        properties.putAll(common(kafka));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    private static Properties sampleConsumerProperties(PolicyDeskConfig.Cluster.Kafka kafka) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "policydesk-impact-sample");
        properties.putAll(common(kafka));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    /** The brokers and the operator's {@code client.*} settings, for every client of this package. */
    static Properties common(PolicyDeskConfig.Cluster.Kafka kafka) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers().orElseThrow());
        properties.putAll(kafka.client());
        return properties;
    }

    private static void requireServers(PolicyDeskConfig.Cluster.Kafka kafka) {
        if (kafka.bootstrapServers().isEmpty()) {
            throw new IllegalStateException("policydesk.log.sink=kafka needs policydesk.cluster.kafka.bootstrap-servers:"
                    + " set the brokers, or keep the decision log in SQLite (policydesk.log.sink=sqlite)");
        }
    }
}
