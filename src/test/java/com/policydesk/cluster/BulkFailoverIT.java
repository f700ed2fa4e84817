package com.policydesk.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged replicas share the bulk requests as one consumer group; one is killed (SIGKILL) in the middle of a
 * batch. Every request is answered at least once, none is lost: the survivor takes the dead one's partitions and
 * answers again what it had decided but not committed.
 *
 * <p>The kill waits for its premise rather than for time: the group has given request partitions to both replicas
 * (read from the broker), and both have answered.
 */
class BulkFailoverIT {
    private static final int REQUESTS = 3_000;
    private static final int ANSWERS_BEFORE_KILL = 600;
    /** Every topic of this test, and the replicas' group, on the shared broker. */
    private static final String PREFIX = "bulk-it";
    private static final String GROUP = PREFIX;
    private static final String REQUESTS_TOPIC = PREFIX + ".requests";
    private static final String ANSWERS_TOPIC = PREFIX + ".recommendations";
    /** Bounds on waits for a condition; each ends as soon as its condition holds. */
    private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ANSWERS_TIMEOUT = Duration.ofSeconds(300);

    @TempDir
    Path data;
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void killingOneOfTwoReplicasMidBatchLosesNoRequest() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        broker.createTopic(REQUESTS_TOPIC, 4);
        broker.createTopic(ANSWERS_TOPIC, 2);
        CompletableFuture<PackagedReplica> startingB = CompletableFuture.supplyAsync(() -> start("bulk-it-b", broker, "b"));
        PackagedReplica doomed = started(start("bulk-it-a", broker, "a"));
        PackagedReplica survivor = started(startingB.get(180, TimeUnit.SECONDS));
        Map<String, List<Integer>> partitions = awaitRequestPartitionsOnBoth(broker);
        BulkClient client = new BulkClient(broker.clients("failover-it"));
        List<BulkClient.Request> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(new BulkClient.Request("C-" + (i % 97), "r-" + i, BulkDecisionsTest.contractExampleFor("C-" + (i % 97))));
        }
        Set<String> expected = requests.stream().map(BulkClient.Request::correlationId).collect(Collectors.toSet());
        Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
        AtomicInteger seen = new AtomicInteger();

        CompletableFuture<List<BulkClient.Answer>> reading = CompletableFuture.supplyAsync(() -> client.answers(
                ANSWERS_TOPIC, expected, ANSWERS_TIMEOUT, answer -> {
                    seen.incrementAndGet();
                    answeredBy.computeIfAbsent(answer.replica(), r -> new AtomicInteger()).incrementAndGet();
                }));
        client.send(REQUESTS_TOPIC, requests);
        awaitAnswersFromBoth(seen, answeredBy, partitions);
        Map<String, Integer> beforeKill = snapshot(answeredBy);
        doomed.kill();
        List<BulkClient.Answer> answers = reading.get(ANSWERS_TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);

        Map<String, Long> answersPerRequest = answers.stream()
                .collect(Collectors.groupingBy(BulkClient.Answer::correlationId, Collectors.counting()));
        long repeated = answersPerRequest.values().stream().filter(count -> count > 1).count();
        System.out.printf("bulk failover: %d requests, %d answers, %d distinct, %d answered more than once;"
                + " partitions %s; before the kill %s, in all %s%n", REQUESTS, answers.size(), answersPerRequest.size(),
                repeated, partitions, beforeKill, snapshot(answeredBy));

        assertThat(beforeKill).as("both replicas were answering when one was killed").containsKeys("a", "b");
        assertThat(answersPerRequest.keySet()).as("requests answered").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.contentType()).isEqualTo("application/json"));
        Map<String, String> decisionOfRequest = new HashMap<>();
        for (BulkClient.Answer answer : answers) {
            String first = decisionOfRequest.putIfAbsent(answer.correlationId(), answer.decisionId());
            assertThat(first == null || first.equals(answer.decisionId()))
                    .as("a repeated answer keeps its decision id (%s)", answer.correlationId()).isTrue();
        }
        assertThat(survivor.get("/q/health/ready", null).statusCode()).isEqualTo(200);
    }

    /**
     * Waits until the group's assignment, as the broker tells it, gives request partitions to both replicas: a
     * replica that joins a little later gets its share only at the next rebalance, and requests sent before it
     * would all go to the other. Returns each replica's partitions (the member's client id starts with its name).
     */
    private static Map<String, List<Integer>> awaitRequestPartitionsOnBoth(KafkaBroker broker) throws Exception {
        Map<String, List<Integer>> partitions = Map.of();
        String state = "not described yet";
        long deadline = System.nanoTime() + ASSIGNMENT_TIMEOUT.toNanos();
        try (Admin admin = broker.admin()) {
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP)
                        .get(30, TimeUnit.SECONDS);
                state = String.valueOf(group.groupState());
                partitions = requestPartitionsByReplica(group);
                if (group.groupState() == GroupState.STABLE && partitions.keySet().containsAll(List.of("a", "b"))) {
                    return partitions;
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the group " + GROUP + " did not give request partitions to both replicas within "
                + ASSIGNMENT_TIMEOUT + ": state " + state + ", partitions by replica " + partitions
                + " (see target/bulk-it-a.log and target/bulk-it-b.log)");
    }

    private static Map<String, List<Integer>> requestPartitionsByReplica(ConsumerGroupDescription group) {
        Map<String, List<Integer>> partitions = new java.util.TreeMap<>();
        for (MemberDescription member : group.members()) {
            List<Integer> owned = member.assignment().topicPartitions().stream()
                    .filter(partition -> partition.topic().equals(REQUESTS_TOPIC)).map(TopicPartition::partition)
                    .sorted().toList();
            if (!owned.isEmpty()) {
                partitions.put(member.clientId().split("-", 2)[0], owned);
            }
        }
        return partitions;
    }

    /** Waits until both replicas have answered, and enough in all that the kill falls in the middle of the batch. */
    private static void awaitAnswersFromBoth(AtomicInteger seen, Map<String, AtomicInteger> answeredBy,
                                             Map<String, List<Integer>> partitions) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWERS_TIMEOUT.toNanos();
        while (!(answeredBy.containsKey("a") && answeredBy.containsKey("b") && seen.get() >= ANSWERS_BEFORE_KILL)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("both replicas had request partitions " + partitions + ", but within "
                        + ANSWERS_TIMEOUT + " the answers were " + snapshot(answeredBy) + " (" + seen.get()
                        + " in all; see target/bulk-it-a.log and target/bulk-it-b.log)");
            }
            Thread.sleep(10);
        }
    }

    /** Started side by side: the two starts share the machine's two cores, but not their waits. */
    private PackagedReplica start(String name, KafkaBroker broker, String replica) {
        try {
            return PackagedReplica.start(name, settings(broker, replica));
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
        }
    }

    private Map<String, String> settings(KafkaBroker broker, String replica) {
        Map<String, String> settings = new HashMap<>(broker.serviceSettings(PREFIX));
        settings.put("policydesk.cluster.kafka.replica-id", replica);
        settings.put("policydesk.data.dir", data.resolve(replica).toString());
        settings.put("policydesk.warmup.duration", "0s");
        return settings;
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counts) {
        return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get(),
                (a, b) -> a, java.util.TreeMap::new));
    }

    private <T extends AutoCloseable> T started(T resource) {
        running.add(resource);
        return resource;
    }
}
