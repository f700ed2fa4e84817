package com.policydesk.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test harness itself: a real broker as a child process that takes topics, records and consumers, shared by the
 * tests of one JVM; closing a broker of one's own kills it and deletes its folder.
 */
@Execution(ExecutionMode.CONCURRENT)
class KafkaBrokerTest {
    private static KafkaBroker broker;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.shared();
    }

    @Test
    void theSharedBrokerIsOneBrokerThatClosingDoesNotStop() throws Exception {
        KafkaBroker again = KafkaBroker.shared();
        again.close();

        assertThat(again.bootstrapServers()).isEqualTo(broker.bootstrapServers());
        assertThat(broker.isAlive()).isTrue();
        assertThat(broker.home()).isDirectory();
    }

    @Test
    void closingABrokerOfOnesOwnKillsItsProcessAndDeletesItsFolder() throws Exception {
        // a stand-in process: closing does the same to any broker's process and folder
        Process process = new ProcessBuilder("sleep", "600").start();
        Path home = Files.createDirectories(folder.resolve("broker/data"));
        Files.writeString(home.resolve("server.log"), "log");
        KafkaBroker own = KafkaBroker.of(process, folder.resolve("broker"), 9);

        own.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(own.isAlive()).isFalse();
        assertThat(folder.resolve("broker")).doesNotExist();
    }

    @Test
    void producesAndConsumes() throws Exception {
        broker.createTopic("harness", 3);
        KafkaClients clients = broker.clients("harness-test");
        try (KafkaProducer<String, String> producer = clients.stringProducer("producer")) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("harness", "key-" + i, "value-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = clients.stringConsumer("consumer", "harness-group")) {
            consumer.subscribe(List.of("harness"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            consumer.commitSync();
        }
        assertThat(values).hasSize(10).contains("value-0", "value-9");
    }

    @Test
    void createsCompactedTopicsOnce() throws Exception {
        broker.createCompactedTopic("harness.compacted");
        KafkaClients clients = broker.clients("harness-test");
        boolean again = clients.ensureTopic("harness.compacted", 1, java.util.Map.of(), Duration.ofSeconds(10));
        assertThat(again).isFalse();
        try (var admin = broker.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "harness.compacted");
            String policy = admin.describeConfigs(Set.of(topic)).all().get(10, TimeUnit.SECONDS)
                    .get(topic).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).isEqualTo("compact");
        }
        try (KafkaProducer<String, String> producer = clients.stringProducer("producer");
             KafkaConsumer<String, String> consumer = clients.stringConsumer("reader", null)) {
            producer.send(new ProducerRecord<>("harness.compacted", "pack", "v1")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("harness.compacted", "pack", "v2")).get(30, TimeUnit.SECONDS);
            TopicPartition partition = new TopicPartition("harness.compacted", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            String last = null;
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    last = record.value();
                }
            }
            assertThat(last).isEqualTo("v2");
        }
    }
}
