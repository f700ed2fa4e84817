package com.policydesk.cluster;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.DecisionRecordJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
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
     * The clients of the configured cluster.
     *
     * @throws IllegalStateException when no bootstrap servers are set: the service must not start then
     */
    public static KafkaClients clients(PolicyDeskConfig.Cluster.Kafka kafka) {
        return KafkaClients.of(kafka, ReplicaName.of(kafka)).orElseThrow(() -> new IllegalStateException(
                "policydesk.log.sink=kafka needs policydesk.cluster.kafka.bootstrap-servers: set the brokers,"
                        + " or keep the decision log in SQLite (policydesk.log.sink=sqlite)"));
    }

    public static KafkaDecisionSink sink(KafkaClients clients, PolicyDeskConfig.Cluster.Kafka kafka,
                                         DecisionLogSettings settings) {
        Properties properties = clients.producerProperties("decision-log", KafkaClients.BATCHED);
        return new KafkaDecisionSink(new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer()),
                kafka.decisionsTopic(), new DecisionRecordJson(settings.redaction()), settings.queueCapacity(),
                settings.whenFull());
    }

    public static DecisionTopicReader reader(KafkaClients clients, PolicyDeskConfig.Cluster.Kafka kafka,
                                             DecisionLogSettings settings) {
        Properties properties = clients.consumerProperties("impact-sample", null, Map.of(
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"));
        return new DecisionTopicReader(
                () -> new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer()),
                kafka.decisionsTopic(), new DecisionRecordJson(settings.redaction()), SAMPLE_TIMEOUT);
    }
}
