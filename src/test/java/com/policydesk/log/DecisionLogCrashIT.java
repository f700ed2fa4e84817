package com.policydesk.log;

import com.policydesk.AnsweredDecisions;
import com.policydesk.ChildJvm;
import com.policydesk.FreePorts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged service, killed with SIGKILL under load and started again on the same data folder: a decision seen
 * committed before the kill is still there, and every decision answered before the newest logged one was asked for
 * is logged too (see {@link AnsweredDecisions}): what a crash loses is only the tail the writer had not committed.
 * How long that tail was is printed (one commit window, 100 ms, when the writer runs on time), not asserted: on a
 * busy machine the writer may run late, and how soon it commits is a speed, which bench/ measures.
 */
class DecisionLogCrashIT {
    /** Load until this many answers, and until one of the newest is committed, then kill. */
    private static final int ANSWERS_BEFORE_KILL = 2_000;
    /** Bounds on waits for a condition; each ends as soon as its condition holds. */
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String TOKEN = "crash-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private Process service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAKillTheLogHoldsEveryDecisionAnsweredBeforeItsNewestWasAskedFor() throws Exception {
        int port = FreePorts.next();
        service = start(port, "first");
        AnsweredDecisions answered = new AnsweredDecisions();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            clients.submit(() -> decideUntilStopped(port, loading, answered));
        }
        String seenCommitted = awaitLoadWithACommittedDecision(port, answered);
        long killedAt = System.nanoTime();
        service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        service = start(port, "second");
        Set<String> logged = allLoggedIds(port);
        List<String> owed = answered.owedTo(logged);
        List<String> lost = owed.stream().filter(id -> !logged.contains(id)).toList();
        System.out.printf("crash test: %d answered, %d logged after restart, %d answered but not logged (the oldest of them"
                + " answered %d ms before the kill)%n", answered.size(), logged.size(),
                answered.ids().stream().filter(id -> !logged.contains(id)).count(), answered.unloggedTailMillis(logged, killedAt));

        assertThat(logged).as("a decision read back from the log before the kill").contains(seenCommitted);
        assertThat(lost).as("decisions answered before the newest logged one was asked for, but not logged").isEmpty();
        List<String> newestOwed = owed.subList(Math.max(0, owed.size() - 50), owed.size());
        for (String id : newestOwed) {
            assertThat(get(port, "/api/v1/decisions/" + id).statusCode()).as("GET decision " + id).isEqualTo(200);
        }
    }

    /**
     * Waits until the clients have had {@link #ANSWERS_BEFORE_KILL} answers and the newest of them can be read back
     * from the log (so the writer is committing under the load); returns that decision's id.
     */
    private String awaitLoadWithACommittedDecision(int port, AnsweredDecisions answered) throws Exception {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        while (answered.size() < ANSWERS_BEFORE_KILL) {
            assertThat(System.nanoTime()).as("%d answers within %s (%d so far)", ANSWERS_BEFORE_KILL, LOAD_TIMEOUT,
                    answered.size()).isLessThan(deadline);
            Thread.sleep(20);
        }
        String newest = answered.latest().orElseThrow();
        while (get(port, "/api/v1/decisions/" + newest).statusCode() != 200) {
            assertThat(System.nanoTime()).as("decision %s committed within %s", newest, LOAD_TIMEOUT).isLessThan(deadline);
            Thread.sleep(20);
        }
        return newest;
    }

    private void decideUntilStopped(int port, AtomicBoolean loading, AnsweredDecisions answered) {
        byte[] body = contractExample();
        while (loading.get()) {
            try {
                long sentAt = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(port, "/api/v1/recommendations"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long answeredAt = System.nanoTime();
                if (response.statusCode() == 200) {
                    answered.add(JSON.readTree(response.body()).get("decisionId").asText(),
                            new AnsweredDecisions.Answer("C-1", sentAt, answeredAt));
                }
            } catch (IOException killed) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every logged id, through the listing and its cursor. */
    private Set<String> allLoggedIds(int port) throws Exception {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            HttpResponse<String> page = get(port, "/api/v1/decisions?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode root = JSON.readTree(page.body());
            root.get("decisions").forEach(decision -> ids.add(decision.get("decisionId").asText()));
            cursor = root.get("nextCursor").isNull() ? null : root.get("nextCursor").asText();
        } while (cursor != null);
        return ids;
    }

    private Process start(int port, String name) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Process process = new ProcessBuilder(ChildJvm.java("-Xmx256m", "-Dquarkus.http.port=" + port, "-Dpolicydesk.data.dir=" + data,
                "-Dpolicydesk.admin.token=" + TOKEN, "-Dpolicydesk.rules.watch=false", "-Dpolicydesk.warmup.duration=0s",
                "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "crash-it-" + name + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the service started (see target/crash-it-" + name + ".log)").isTrue();
            try {
                if (get(port, "/q/health/ready").statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service did not become ready in " + START_TIMEOUT + " (see target/crash-it-" + name + ".log)");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(port, path)).header("Authorization", "Bearer " + TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static byte[] contractExample() {
        try (InputStream in = DecisionLogCrashIT.class.getResourceAsStream("/requests/contract-example.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
