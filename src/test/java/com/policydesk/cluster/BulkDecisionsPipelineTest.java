package com.policydesk.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk loop against Kafka's mock clients, the broker's acknowledgements in the test's hands: a poll's offsets are
 * committed only once every answer of it is acknowledged, polls after it are decided meanwhile, and a poll whose
 * answers failed is read again.
 */
class BulkDecisionsPipelineTest {
    private static final String REQUESTS = "requests";
    private static final TopicPartition PARTITION = new TopicPartition(REQUESTS, 0);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    /** autoComplete off: each send waits until the test completes or fails it. */
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final AtomicInteger decided = new AtomicInteger();
    private BulkDecisions bulk;

    @AfterEach
    void close() throws InterruptedException {
        if (bulk != null) {
            producer.completeNext();
            bulk.close();
        }
    }

    @Test
    void aPollIsCommittedOnlyOnceEveryAnswerOfItIsAcknowledgedAndTheNextPollIsDecidedMeanwhile() throws Exception {
        start();
        addRequests(0, 3);
        awaitSent(3);
        addRequests(3, 2);
        awaitSent(5);
        assertThat(committedOffset()).as("nothing acknowledged yet").isNull();

        acknowledge(3);
        awaitCondition(() -> Long.valueOf(3).equals(committedOffset()), "the first poll committed");
        acknowledge(2);
        awaitCondition(() -> Long.valueOf(5).equals(committedOffset()), "the second poll committed");
        assertThat(answerKeys()).as("answers, in any order within a poll").containsExactlyInAnyOrder("r-0", "r-1", "r-2", "r-3", "r-4");
        assertThat(bulk.answered()).isEqualTo(5);
    }

    @Test
    void aPollWhoseAnswerFailedIsReadAgainAndNotCommitted() throws Exception {
        start();
        addRequests(0, 2);
        awaitSent(2);
        producer.completeNext();
        producer.errorNext(new RuntimeException("broker gone"));
        awaitCondition(() -> bulk.redelivered() == 1, "the poll given up");
        assertThat(committedOffset()).isNull();

        // The mock consumer forgets records once polled; the broker would deliver them again from the offset the
        // loop went back to: offset 0, or they would not be polled.
        addRequests(0, 2);
        awaitSent(4);
        acknowledge(2);
        awaitCondition(() -> Long.valueOf(2).equals(committedOffset()), "the poll committed once answered again");
        assertThat(answerKeys()).containsExactlyInAnyOrder("r-0", "r-1", "r-0", "r-1");
    }

    private void start() {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(PARTITION)));
        BooleanSupplier ready = () -> true;
        BulkDecider decider = (body, decisionId) -> {
            decided.incrementAndGet();
            return Optional.of(new BulkAnswer(decisionId, false, body));
        };
        bulk = new BulkDecisions(consumer, producer,
                new BulkDecisions.Settings(REQUESTS, "answers", "group", 2, "replica-a"), decider, ready);
        bulk.start();
    }

    /** Requests r-from … r-(from+count-1), at offsets from …, for the next poll. */
    private void addRequests(int from, int count) {
        consumer.schedulePollTask(() -> {
            for (int i = from; i < from + count; i++) {
                consumer.addRecord(new ConsumerRecord<>(REQUESTS, 0, i, "r-" + i,
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
        });
    }

    private void acknowledge(int answers) {
        for (int i = 0; i < answers; i++) {
            awaitCondition(producer::completeNext, "an answer to acknowledge");
        }
    }

    /** The mock consumer's methods are synchronized: it can be asked from the test's thread. */
    private Long committedOffset() {
        OffsetAndMetadata offset = consumer.committed(Set.of(PARTITION)).get(PARTITION);
        return offset == null ? null : offset.offset();
    }

    private List<String> answerKeys() {
        return producer.history().stream().map(ProducerRecord::key).toList();
    }

    private void awaitSent(int answers) {
        awaitCondition(() -> producer.history().size() >= answers, answers + " answers sent");
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for: %s", WAIT, what).isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
