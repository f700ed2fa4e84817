package com.policydesk.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A caller of the bulk topics, as a CRM would be one: sends requests with correlation ids, reads the answers. */
final class BulkClient {
    private final KafkaClients clients;

    BulkClient(KafkaClients clients) {
        this.clients = clients;
    }

    /** One request: its key, its correlation id, its body. */
    record Request(String key, String correlationId, byte[] body) {
    }

    /** One answer as read from the answers topic. */
    record Answer(String key, String correlationId, String decisionId, String contentType, String replica, String body) {
    }

    /** Sends every request and waits until the broker has them all. */
    void send(String topic, List<Request> requests) throws Exception {
        try (KafkaProducer<String, byte[]> producer = clients.producer("bulk-client", new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (Request request : requests) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(BulkDecisions.CORRELATION_ID, request.correlationId().getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(new ProducerRecord<>(topic, null, request.key(), request.body(), headers)));
            }
            for (Future<?> one : sent) {
                one.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Every answer in the topic, read from its start until all the correlation ids expected are seen (or the timeout
     * passes), and then a little longer, so that an answer too many shows.
     */
    List<Answer> answers(String topic, Set<String> expected, Duration timeout) {
        return answers(topic, expected, timeout, answer -> { });
    }

    /** As {@link #answers(String, Set, Duration)}, telling {@code each} of every answer as it is read. */
    List<Answer> answers(String topic, Set<String> expected, Duration timeout, java.util.function.Consumer<Answer> each) {
        List<Answer> answers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("bulk-client-reader", null, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
                read(consumer, Duration.ofMillis(200), answers, seen, each);
            }
            read(consumer, Duration.ofMillis(500), answers, seen, each);
        }
        return answers;
    }

    private static void read(KafkaConsumer<String, byte[]> consumer, Duration poll, List<Answer> answers, Set<String> seen,
                             java.util.function.Consumer<Answer> each) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(poll)) {
            Answer answer = new Answer(record.key(), header(record, BulkDecisions.CORRELATION_ID),
                    header(record, BulkDecisions.DECISION_ID), header(record, BulkDecisions.CONTENT_TYPE),
                    header(record, BulkDecisions.REPLICA),
                    new String(record.value(), StandardCharsets.UTF_8));
            answers.add(answer);
            seen.add(answer.correlationId());
            each.accept(answer);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
