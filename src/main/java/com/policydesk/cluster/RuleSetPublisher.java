package com.policydesk.cluster;

import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes rule sets to the rules topic: one JSON record ({@link PublishedRuleSet}) per version, keyed by its
 * pack(s), always to partition 0 so that every replica reads publications in one order. A publication returns once
 * Kafka has it (acknowledged by every in-sync replica); its offset is its place in that order, and
 * {@link #awaitInstalled} waits for this replica's reader ({@link PublishedRuleSets}) to have installed it.
 */
public final class RuleSetPublisher implements RuleSetManager.Publication, AutoCloseable {
    /** Kafka answers a publication within this, or it failed: then nothing was published. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String replica;
    private final PublishedRuleSets reader;
    private final Clock clock;

    public RuleSetPublisher(KafkaClients clients, String topic, String replica, PublishedRuleSets reader, Clock clock) {
        // A publication is sent alone and at once, within the time its caller waits: those settings are not the
        // operator's to change; its size and compression are.
        Properties properties = clients.producerProperties("rulesets-publisher", Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 * 1024 * 1024)));
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(DELIVERY_TIMEOUT.toMillis()));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        this.topic = Objects.requireNonNull(topic);
        this.replica = Objects.requireNonNull(replica);
        this.reader = Objects.requireNonNull(reader);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public RuleSetManager.Published publish(RuleSet ruleSet, String trigger) {
        PublishedRuleSet publication = PublishedRuleSet.of(ruleSet, replica, trigger, clock.instant());
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, publication.pack(), publication.toJson());
        try {
            RecordMetadata sent = producer.send(record).get(DELIVERY_TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
            return new RuleSetManager.Published(ruleSet.version(), sent.offset());
        } catch (ExecutionException failed) {
            throw new RuleSetManager.PublicationException("cannot publish " + ruleSet.version() + " to " + topic + ": "
                    + failed.getCause().getMessage(), failed.getCause());
        } catch (TimeoutException | org.apache.kafka.common.KafkaException late) {
            throw new RuleSetManager.PublicationException("cannot publish " + ruleSet.version() + " to " + topic + ": "
                    + late.getMessage(), late);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuleSetManager.PublicationException("interrupted while publishing " + ruleSet.version(), e);
        }
    }

    @Override
    public boolean awaitInstalled(RuleSetManager.Published published, Duration timeout) {
        return reader.awaitApplied(published.sequence(), timeout);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
