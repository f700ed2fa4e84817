package com.policydesk.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.AnsweredDecisions;
import com.policydesk.log.DecisionRecordJson;
import com.policydesk.log.Redaction;
import com.policydesk.log.StoredDecision;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service with its decision log on Kafka, killed with SIGKILL under load: every decision the broker had
 * acknowledged is in the topic, and so is every decision answered before the newest one in the topic was asked for
 * (see {@link AnsweredDecisions}: the topic has one partition, so it keeps the sink's order), each with its customer
 * id as the key. How long the lost tail was is printed, not asserted: how soon the producer sends is a speed.
 */
class KafkaDecisionLogCrashIT {
    private static final int ANSWERS_BEFORE_KILL = 2_000;
    /** A bound on the wait for the load; it ends as soon as there are enough answers. */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern WRITTEN = Pattern.compile("(?m)^policydesk_decision_log_written_total\\S* ([0-9.E]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every topic of this test on the shared broker. */
    private static final String PREFIX = "log-crash-it";
    private static final String DECISIONS_TOPIC = PREFIX + ".decisions";

    @TempDir
    Path data;
    private KafkaBroker broker;
    private PackagedReplica service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void afterAKillTheTopicHoldsEveryAcknowledgedDecisionAndEveryOneAnsweredBeforeItsNewestWithItsCustomerAsKey()
            throws Exception {
        broker = KafkaBroker.shared();
        broker.createTopic(DECISIONS_TOPIC, 1);
        Map<String, String> settings = new HashMap<>(broker.serviceSettings(PREFIX));
        settings.putAll(Map.of(
                "policydesk.cluster.kafka.bulk-enabled", "false",
                "policydesk.log.sink", "kafka",
                "policydesk.data.dir", data.toString(),
                "policydesk.warmup.duration", "0s"));
        service = PackagedReplica.start("kafka-log-crash-it", settings);
        AnsweredDecisions answered = new AnsweredDecisions();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicInteger customers = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            clients.submit(() -> decideUntilStopped(loading, answered, customers));
        }
        long acknowledged = awaitLoadWithAcknowledgements(answered);
        long killedAt = System.nanoTime();
        service.kill();
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        Map<String, StoredDecision> logged = topic();
        List<String> lost = answered.owedTo(logged.keySet()).stream().filter(id -> !logged.containsKey(id)).toList();
        System.out.printf("kafka log crash test: %d answered, %d acknowledged before the kill, %d in the topic, %d answered"
                + " but not in it (the oldest of them answered %d ms before the kill)%n", answered.size(), acknowledged,
                logged.size(), answered.ids().stream().filter(id -> !logged.containsKey(id)).count(),
                answered.unloggedTailMillis(logged.keySet(), killedAt));

        assertThat((long) logged.size()).as("records in the topic, against acknowledgements counted before the kill")
                .isGreaterThanOrEqualTo(acknowledged);
        assertThat(lost).as("decisions answered before the newest one in the topic was asked for, but not in it").isEmpty();
        answered.ids().forEach(id -> {
            if (logged.containsKey(id)) {
                assertThat(logged.get(id).customerId()).isEqualTo(answered.get(id).customerId());
            }
        });
    }

    /**
     * Waits until the clients have had {@link #ANSWERS_BEFORE_KILL} answers and the broker has acknowledged some of
     * the log's records (so that the kill falls while the sink is sending); returns the acknowledgements counted.
     */
    private long awaitLoadWithAcknowledgements(AnsweredDecisions answered) throws Exception {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (answered.size() < ANSWERS_BEFORE_KILL) {
            assertThat(System.nanoTime()).as("%d answers within %s (%d so far)", ANSWERS_BEFORE_KILL, LOAD_TIMEOUT,
                    answered.size()).isLessThan(deadline);
            Thread.sleep(20);
        }
        long acknowledged = acknowledged();
        while (acknowledged == 0) {
            assertThat(System.nanoTime()).as("a record acknowledged within %s", LOAD_TIMEOUT).isLessThan(deadline);
            Thread.sleep(100);
            acknowledged = acknowledged();
        }
        return acknowledged;
    }

    private void decideUntilStopped(AtomicBoolean loading, AnsweredDecisions answered, AtomicInteger customers) {
        while (loading.get()) {
            String customer = "C-" + customers.incrementAndGet();
            try {
                long sentAt = System.nanoTime();
                HttpResponse<String> response = service.post("/api/v1/recommendations", BulkDecisionsTest.contractExampleFor(customer));
                long answeredAt = System.nanoTime();
                if (response.statusCode() == 200) {
                    answered.add(JSON.readTree(response.body()).get("decisionId").asText(),
                            new AnsweredDecisions.Answer(customer, sentAt, answeredAt));
                }
            } catch (IOException killed) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The log's count of decisions the broker acknowledged, from the service's metrics. */
    private long acknowledged() throws Exception {
        Matcher written = WRITTEN.matcher(service.get("/q/metrics", null).body());
        assertThat(written.find()).as("policydesk_decision_log_written_total in /q/metrics").isTrue();
        return (long) Double.parseDouble(written.group(1));
    }

    private Map<String, StoredDecision> topic() {
        Properties properties = broker.clients("crash-it").consumerProperties("reader", null);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        DecisionTopicReader reader = new DecisionTopicReader(
                () -> new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer()),
                DECISIONS_TOPIC, new DecisionRecordJson(Redaction.NONE), Duration.ofSeconds(30));
        List<StoredDecision> all = reader.latest(1_000_000);
        Map<String, StoredDecision> byId = all.stream().collect(Collectors.toMap(StoredDecision::decisionId,
                Function.identity(), (a, b) -> a));
        assertThat(byId).as("each decision once in the topic").hasSize(all.size());
        return byId;
    }
}
