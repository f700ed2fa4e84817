package com.policydesk.cluster;

import com.policydesk.log.Admission;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogReader;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.DecisionRecordJson;
import com.policydesk.log.LogFixtures;
import com.policydesk.log.LoggedDecision;
import com.policydesk.log.Redaction;
import com.policydesk.log.StoredDecision;
import com.policydesk.log.StoredRecommendation;
import com.policydesk.model.Kind;
import com.policydesk.log.WhenFull;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The decision log on a real Kafka broker: what reaches the topic, back-pressure, and reading the newest back. */
@Execution(ExecutionMode.CONCURRENT)
class KafkaDecisionLogTest {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final Duration FLUSH_BOUND = Duration.ofSeconds(120);
    private static KafkaBroker broker;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.shared();
    }

    @Test
    void everyDecisionReachesTheTopicKeyedByCustomerWithTheContentOfASqliteRowAndTheKindsAndPolicies() throws Exception {
        String topic = newTopic(3);
        List<LoggedDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            decisions.add(LogFixtures.decision("d-" + i, "C-" + (i % 7), "CODE_" + (i % 3), LogFixtures.NOW.plusMillis(i)));
        }
        try (KafkaDecisionSink sink = sink(topic, 1_000, WhenFull.SHED, Redaction.NONE, 10)) {
            decisions.forEach(decision -> assertThat(sink.offer(decision)).isEqualTo(Admission.QUEUED));
            assertFlushed(sink);
            assertThat(sink.written()).isEqualTo(200);
            assertThat(sink.failed()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, 200);
        DecisionRecordJson json = new DecisionRecordJson(Redaction.NONE);
        DecisionLogReader sqlite = sqliteLogOf(decisions, Redaction.NONE);

        assertThat(records).hasSize(200);
        for (ConsumerRecord<String, byte[]> record : records) {
            StoredDecision fromKafka = json.read(0, record.value());
            StoredDecision fromSqlite = sqlite.find(fromKafka.decisionId()).orElseThrow();
            assertThat(record.key()).isEqualTo(fromSqlite.customerId());
            assertThat(fromKafka).usingRecursiveComparison()
                    .ignoringFields("sequence", "recommendations.kind", "recommendations.policy").isEqualTo(fromSqlite);
            assertThat(fromKafka.recommendations()).extracting(StoredRecommendation::kind, StoredRecommendation::policy)
                    .containsExactly(tuple(Kind.BLOCKER, "MC-4"), tuple(Kind.INFO, "MC-12"));
        }
        assertThat(records).extracting(record -> json.read(0, record.value()).decisionId())
                .containsExactlyInAnyOrderElementsOf(decisions.stream().map(LoggedDecision::decisionId).toList());
    }

    @Test
    void aRedactedCustomerIdIsTheKeyAsTheLogKeepsIt() throws Exception {
        String topic = newTopic(1);
        Redaction hashed = new Redaction(Set.of("customer.id"), Set.of());
        try (KafkaDecisionSink sink = sink(topic, 10, WhenFull.SHED, hashed, 10)) {
            sink.offer(LogFixtures.decision("d-1", "C-SECRET", "A_CODE", LogFixtures.NOW));
            assertFlushed(sink);
        }
        ConsumerRecord<String, byte[]> record = readAll(topic, 1).get(0);

        assertThat(record.key()).startsWith("sha256:").isEqualTo(sqliteLogOf(List.of(
                LogFixtures.decision("d-1", "C-SECRET", "A_CODE", LogFixtures.NOW)), hashed).find("d-1").orElseThrow().customerId());
        assertThat(new String(record.value())).doesNotContain("C-SECRET");
    }

    /** A linger of half a minute keeps every record unacknowledged until a flush: the sink is full after two. */
    @Test
    void aFullSinkThatShedsRefusesUntilTheBrokerAcknowledges() throws Exception {
        try (KafkaDecisionSink sink = sink(newTopic(1), 2, WhenFull.SHED, Redaction.NONE, 30_000)) {
            assertThat(sink.offer(LogFixtures.decision("d-1"))).isEqualTo(Admission.QUEUED);
            assertThat(sink.offer(LogFixtures.decision("d-2"))).isEqualTo(Admission.QUEUED);
            assertThat(sink.hasRoom()).isFalse();
            assertThat(sink.offer(LogFixtures.decision("d-3"))).isEqualTo(Admission.REFUSED);
            assertThat(sink.refused()).isEqualTo(1);
            assertThat(sink.queueSize()).isEqualTo(2);

            assertFlushed(sink);
            assertThat(sink.hasRoom()).isTrue();
            assertThat(sink.offer(LogFixtures.decision("d-4"))).isEqualTo(Admission.QUEUED);
        }
    }

    @Test
    void aFullSinkThatDropsCountsWhatItDid() throws Exception {
        String topic = newTopic(1);
        try (KafkaDecisionSink sink = sink(topic, 2, WhenFull.DROP, Redaction.NONE, 30_000)) {
            sink.offer(LogFixtures.decision("d-1"));
            sink.offer(LogFixtures.decision("d-2"));
            assertThat(sink.offer(LogFixtures.decision("d-3"))).isEqualTo(Admission.DROPPED);
            assertThat(sink.dropped()).isEqualTo(1);
            assertThat(sink.refused()).isZero();
        }
        assertThat(readAll(topic, 2)).hasSize(2);
    }

    @Test
    void closingSendsWhatTheSinkHoldsAndThenRefuses() throws Exception {
        String topic = newTopic(1);
        KafkaDecisionSink sink = sink(topic, 100, WhenFull.DROP, Redaction.NONE, 30_000);
        for (int i = 0; i < 50; i++) {
            sink.offer(LogFixtures.decision("d-" + i));
        }
        sink.close();

        assertThat(readAll(topic, 50)).hasSize(50);
        assertThat(sink.offer(LogFixtures.decision("late"))).isEqualTo(Admission.REFUSED);
    }

    @Test
    void theReaderGivesTheNewestDecisionsAcrossPartitionsNewestFirst() throws Exception {
        String topic = newTopic(3);
        try (KafkaDecisionSink sink = sink(topic, 1_000, WhenFull.SHED, Redaction.NONE, 10)) {
            for (int i = 0; i < 90; i++) {
                sink.offer(LogFixtures.decision("d-" + i, "C-" + (i % 5), "A_CODE", LogFixtures.NOW.plusSeconds(i)));
            }
            assertFlushed(sink);
        }
        DecisionTopicReader reader = new DecisionTopicReader(this::assignedConsumer, topic,
                new DecisionRecordJson(Redaction.NONE), Duration.ofSeconds(30));

        List<StoredDecision> newest = reader.latest(10);

        assertThat(newest).extracting(StoredDecision::decisionId)
                .containsExactly("d-89", "d-88", "d-87", "d-86", "d-85", "d-84", "d-83", "d-82", "d-81", "d-80");
        assertThat(new DecisionTopicReader(this::assignedConsumer, "no.such.topic", new DecisionRecordJson(Redaction.NONE),
                Duration.ofSeconds(10)).latest(10)).isEmpty();
    }

    /**
     * Waits until the broker has acknowledged what the sink took. The bound outlasts the producer's delivery timeout
     * (the linger plus a minute), so a record the broker never takes shows as failed, not as a flush that timed out;
     * the failure message says what the sink counted and what the broker logged.
     */
    private static void assertFlushed(KafkaDecisionSink sink) throws InterruptedException {
        assertThat(sink.flush(FLUSH_BOUND))
                .as(() -> "the broker did not acknowledge every decision within %s: %d written, %d failed, %d held;"
                        .formatted(FLUSH_BOUND, sink.written(), sink.failed(), sink.queueSize())
                        + " the broker's log:" + broker.serverLogTail())
                .isTrue();
    }

    private KafkaDecisionSink sink(String topic, int capacity, WhenFull whenFull, Redaction redaction, int lingerMs) {
        Properties properties = broker.clients("sink-test").producerProperties("decision-log");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(lingerMs + 60_000));
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaDecisionSink(new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer()),
                topic, new DecisionRecordJson(redaction), capacity, whenFull);
    }

    /** The same decisions in a SQLite log, read back as the SQLite reader gives them. */
    private DecisionLogReader sqliteLogOf(List<LoggedDecision> decisions, Redaction redaction) throws Exception {
        DecisionLogSettings settings = LogFixtures.settings(folder.resolve("sqlite-" + TOPICS.incrementAndGet()))
                .withRedaction(redaction);
        try (DecisionLog log = DecisionLog.open(settings, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))) {
            decisions.forEach(log::offer);
        }
        return new DecisionLogReader(settings.file(), redaction);
    }

    private KafkaConsumer<String, byte[]> assignedConsumer() {
        Properties properties = broker.clients("reader-test").consumerProperties("reader", null);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = assignedConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // anything beyond what was expected would be a duplicate: give it a moment to show
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    private static String newTopic(int partitions) throws Exception {
        String topic = "decisions.test-" + TOPICS.incrementAndGet();
        broker.createTopic(topic, partitions);
        return topic;
    }
}
