package com.policydesk.cluster;

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
 */
class BulkFailoverIT {
    private static final int REQUESTS = 3_000;
    private static final int ANSWERS_BEFORE_KILL = 600;
    private static final String GROUP = "failover-it";

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
        KafkaBroker broker = started(KafkaBroker.start());
        broker.createTopic("it.requests", 4);
        broker.createTopic("it.recommendations", 2);
        CompletableFuture<PackagedReplica> startingB = CompletableFuture.supplyAsync(() -> start("bulk-it-b", broker, "b"));
        PackagedReplica doomed = started(start("bulk-it-a", broker, "a"));
        PackagedReplica survivor = started(startingB.get(180, TimeUnit.SECONDS));
        BulkClient client = new BulkClient(broker.clients("failover-it"));
        List<BulkClient.Request> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(new BulkClient.Request("C-" + (i % 97), "r-" + i, BulkDecisionsTest.contractExampleFor("C-" + (i % 97))));
        }
        Set<String> expected = requests.stream().map(BulkClient.Request::correlationId).collect(Collectors.toSet());
        Map<String, AtomicInteger> answeredBy = new ConcurrentHashMap<>();
        AtomicInteger seen = new AtomicInteger();

        CompletableFuture<List<BulkClient.Answer>> reading = CompletableFuture.supplyAsync(() -> client.answers(
                "it.recommendations", expected, Duration.ofSeconds(120), answer -> {
                    seen.incrementAndGet();
                    answeredBy.computeIfAbsent(answer.replica(), r -> new AtomicInteger()).incrementAndGet();
                }));
        client.send("it.requests", requests);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.get() < ANSWERS_BEFORE_KILL && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Map<String, Integer> beforeKill = snapshot(answeredBy);
        doomed.kill();
        List<BulkClient.Answer> answers = reading.get(180, TimeUnit.SECONDS);

        Map<String, Long> answersPerRequest = answers.stream()
                .collect(Collectors.groupingBy(BulkClient.Answer::correlationId, Collectors.counting()));
        long repeated = answersPerRequest.values().stream().filter(count -> count > 1).count();
        System.out.printf("bulk failover: %d requests, %d answers, %d distinct, %d answered more than once;"
                + " before the kill %s, in all %s%n", REQUESTS, answers.size(), answersPerRequest.size(), repeated,
                beforeKill, snapshot(answeredBy));

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

    /** Started side by side: the two starts share the machine's two cores, but not their waits. */
    private PackagedReplica start(String name, KafkaBroker broker, String replica) {
        try {
            return PackagedReplica.start(name, settings(broker, replica));
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
        }
    }

    private Map<String, String> settings(KafkaBroker broker, String replica) {
        return Map.of(
                "policydesk.cluster.kafka.bootstrap-servers", broker.bootstrapServers(),
                "policydesk.cluster.kafka.replica-id", replica,
                "policydesk.cluster.kafka.requests-topic", "it.requests",
                "policydesk.cluster.kafka.recommendations-topic", "it.recommendations",
                "policydesk.cluster.kafka.bulk-group", GROUP,
                "policydesk.data.dir", data.resolve(replica).toString(),
                "policydesk.warmup.duration", "0s");
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
