package com.policydesk.cluster;

import com.policydesk.ChildJvm;
import com.policydesk.FreePorts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.api.CopiedRulesProfile;
import com.policydesk.RulesCopies;
import com.policydesk.engine.Hashes;
import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSetLoader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several replicas of the packaged service (java -jar target/quarkus-app/quarkus-run.jar) on a real Kafka broker,
 * each with its own port, data folder and rules folder: a table saved through one replica's workbench API goes live
 * on both, a replica started afterwards catches up before it is ready, and a publication that cannot be installed
 * leaves every replica answering with its version until a rollback is published. Prints how long a publication takes
 * to reach every replica.
 */
class ClusterIT {
    private static final String TOKEN = "cluster-it-token";
    private static final String TABLE = "multichannel/AzureServicesInCsp.dmn";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every topic of this test on the shared broker. */
    private static final String PREFIX = "cluster-it";

    @TempDir
    Path work;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Replica> replicas = new ArrayList<>();
    private KafkaBroker broker;

    @AfterEach
    void stop() throws InterruptedException {
        for (Replica replica : replicas) {
            replica.process.destroy();
        }
        for (Replica replica : replicas) {
            if (!replica.process.waitFor(20, TimeUnit.SECONDS)) {
                replica.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aSaveOnOneReplicaGoesLiveOnEveryReplicaAndALateReplicaCatchesUpBeforeItIsReady() throws Exception {
        long testStarted = System.nanoTime();
        broker = KafkaBroker.shared();
        Replica a = start("a");
        Replica b = start("b");
        awaitReady(a);
        awaitReady(b);
        JsonNode before = awaitCluster(a, cluster -> cluster.path("converged").asBoolean()
                && cluster.path("replicas").size() == 2);
        String first = before.path("published").path("version").asText();
        assertThat(decide(a).path("ruleset").asText()).isEqualTo(first);
        assertThat(decide(b).path("ruleset").asText()).isEqualTo(first);
        assertThat(decide(b).path("recommendations").findValuesAsText("code")).doesNotContain("AZURE_SERVICES_NOT_IN_CSP");

        // The policy team saves an edited table through replica a's workbench API.
        String table = Files.readString(a.rules.resolve(TABLE));
        Instant saveStarted = Instant.now();
        HttpResponse<String> saved = save(a, RulesCopies.withVirtualMachinesNotOffered(table), sha256(table));
        Instant saveAnswered = Instant.now();
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(saved.body());
        String second = outcome.path("version").asText();
        assertThat(outcome.path("status").asText()).isEqualTo("ACTIVATED");
        assertThat(outcome.path("active").asText()).isEqualTo(second);
        Instant liveOnA = awaitAnswering(a, second);
        Instant liveOnB = awaitAnswering(b, second);
        JsonNode published = awaitCluster(b, cluster -> cluster.path("converged").asBoolean()
                && second.equals(cluster.path("published").path("version").asText()));
        Instant publishedAt = Instant.parse(published.path("published").path("at").asText());
        Instant liveEverywhere = liveOnA.isAfter(liveOnB) ? liveOnA : liveOnB;
        System.out.printf("cluster test: publish to every replica answering with %s: %d ms (save answered in %d ms; "
                        + "save to a answering: %d ms, to b: %d ms)%n", second,
                Duration.between(publishedAt, liveEverywhere).toMillis(),
                Duration.between(saveStarted, saveAnswered).toMillis(),
                Duration.between(saveStarted, liveOnA).toMillis(), Duration.between(saveStarted, liveOnB).toMillis());

        for (Replica replica : List.of(a, b)) {
            JsonNode answer = decide(replica);
            assertThat(answer.path("ruleset").asText()).isEqualTo(second);
            assertThat(answer.path("recommendations").findValuesAsText("code")).contains("AZURE_SERVICES_NOT_IN_CSP");
            // each replica's own view, once its board has heard both (a status report comes every 2 s here)
            JsonNode cluster = awaitCluster(replica, view -> view.path("converged").asBoolean()
                    && view.path("replicas").findValuesAsText("replica").equals(List.of("a", "b"))
                    && allAre(view, "version", second) && allAre(view, "state", "active"));
            assertThat(cluster.path("published").path("pack").asText()).isEqualTo("multichannel");
        }
        assertThat(Files.readString(b.rules.resolve(TABLE))).as("b's own folder is not written").isEqualTo(table);

        // A replica started after the publication, from the original rules, is ready only on the published version.
        Replica c = start("c");
        boolean sawNotReady = false;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (status(c, "/q/health/ready") != 200) {
            assertThat(c.process.isAlive()).as("c runs (see " + c.log + ")").isTrue();
            assertThat(System.nanoTime()).as("c ready in time (see " + c.log + ")").isLessThan(deadline);
            sawNotReady = true;
            Thread.sleep(20);
        }
        assertThat(sawNotReady).isTrue();
        assertThat(decide(c).path("ruleset").asText()).as("c's first answer once ready").isEqualTo(second);
        JsonNode three = awaitCluster(c, cluster -> cluster.path("converged").asBoolean()
                && cluster.path("replicas").size() == 3);
        assertThat(three.path("replicas").findValuesAsText("replica")).containsExactly("a", "b", "c");

        // A publication that does not compile: every replica keeps answering with its version and says why.
        RuleFile broken = file("multichannel/broken.drl", "package broken;\nrule \"x\" when then oops( end\n");
        List<RuleFile> brokenSet = new ArrayList<>();
        for (Path file : List.of(a.rules.resolve(TABLE))) {
            brokenSet.add(file(TABLE, Files.readString(file)));
        }
        brokenSet.add(broken);
        String brokenVersion = RuleSetLoader.version(brokenSet);
        PublishedRuleSet bad = new PublishedRuleSet(brokenVersion, "multichannel", Instant.now(), "someone", "test", brokenSet);
        try (KafkaProducer<String, String> producer = broker.clients("cluster-it").stringProducer("bad")) {
            producer.send(new ProducerRecord<>(PREFIX + ".rulesets", 0, "multichannel", bad.toJson()))
                    .get(30, TimeUnit.SECONDS);
        }
        JsonNode failed = awaitCluster(a, cluster -> cluster.path("published").path("version").asText().equals(brokenVersion)
                && cluster.path("replicas").findValuesAsText("state").stream().allMatch("failed"::equals));
        assertThat(failed.path("converged").asBoolean()).isFalse();
        System.out.println("cluster test: a replica that cannot install a publication: " + failed.path("replicas").get(0));
        assertThat(failed.path("replicas").findValuesAsText("problem")).allMatch(problem -> problem.contains(brokenVersion)
                && problem.contains("broken.drl"));
        for (Replica replica : List.of(a, b, c)) {
            assertThat(decide(replica).path("ruleset").asText()).isEqualTo(second);
            awaitLog(replica, "event=install_failed version=" + brokenVersion);
        }

        // Publishing a good version again (a rollback through b) brings them all back.
        HttpResponse<String> rollback = send(b, HttpRequest.newBuilder(b.uri("/api/v1/admin/ruleset/" + first + "/activate"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        for (Replica replica : List.of(a, b, c)) {
            awaitAnswering(replica, first);
        }
        JsonNode back = awaitCluster(c, cluster -> cluster.path("converged").asBoolean()
                && first.equals(cluster.path("published").path("version").asText()) && allAre(cluster, "state", "active"));
        assertThat(back.path("replicas").findValuesAsText("replica")).containsExactly("a", "b", "c");

        // Once the services have settled (their compilers' warm-up after start is over), a save through b, whose own
        // folder still holds the first rules: its change is published, and reaches all three replicas.
        for (Replica replica : List.of(a, b, c)) {
            awaitLog(replica, "event=compilers_warmed");
        }
        String bTable = Files.readString(b.rules.resolve(TABLE));
        Instant secondSaveStarted = Instant.now();
        HttpResponse<String> savedOnB = save(b, RulesCopies.withoutVirtualMachinesRow(bTable), sha256(bTable));
        assertThat(savedOnB.statusCode()).as(savedOnB.body()).isEqualTo(200);
        String third = JSON.readTree(savedOnB.body()).path("version").asText();
        assertThat(third).isNotIn(first, second);
        Instant thirdEverywhere = secondSaveStarted;
        for (Replica replica : List.of(a, b, c)) {
            Instant live = awaitAnswering(replica, third);
            thirdEverywhere = live.isAfter(thirdEverywhere) ? live : thirdEverywhere;
        }
        JsonNode settled = awaitCluster(a, cluster -> cluster.path("converged").asBoolean()
                && third.equals(cluster.path("published").path("version").asText()));
        System.out.printf("cluster test: settled, publish to every replica (3) answering with %s: %d ms (save to all: %d ms)%n",
                third, Duration.between(Instant.parse(settled.path("published").path("at").asText()), thirdEverywhere).toMillis(),
                Duration.between(secondSaveStarted, thirdEverywhere).toMillis());
        System.out.printf("cluster test: %d s in all%n", Duration.ofNanos(System.nanoTime() - testStarted).toSeconds());
    }

    /** A replica: its port, folders and log. */
    private record Replica(String name, int port, Path rules, Path log, Process process) {
        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }

    private Replica start(String name) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path home = Files.createDirectories(work.resolve(name));
        Path rules = home.resolve("rules");
        RulesCopies.copy(Path.of("rules"), rules);
        Path suite = Files.createDirectories(home.resolve("test-scenarios/multichannel"));
        // the reload gate's suite: one scenario the table edit below does not touch
        Files.writeString(suite.resolve("gate.yaml"), CopiedRulesProfile.GATE_SUITE);
        int port = FreePorts.next();
        Path log = Path.of("target", "cluster-it-" + name + ".log").toAbsolutePath();
        List<String> command = ChildJvm.java("-Xmx256m", "-Dquarkus.http.port=" + port,
                "-Dpolicydesk.data.dir=" + home.resolve("data"), "-Dpolicydesk.rules.dir=" + rules, "-Dpolicydesk.scenarios.dir=" + home.resolve("test-scenarios"),
                "-Dpolicydesk.admin.token=" + TOKEN,
                "-Dpolicydesk.cluster.kafka.replica-id=" + name,
                "-Dpolicydesk.cluster.kafka.status-interval=2s", "-Dpolicydesk.warmup.duration=0s");
        broker.serviceSettings(PREFIX).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Replica replica = new Replica(name, port, rules, log, process);
        replicas.add(replica);
        return replica;
    }

    /** PUT /api/v1/admin/rules/{TABLE}: the workbench's save. */
    private HttpResponse<String> save(Replica replica, String content, String baseSha256) throws Exception {
        return send(replica, HttpRequest.newBuilder(replica.uri("/api/v1/admin/rules/" + TABLE))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "content", content, "baseSha256", baseSha256)))));
    }

    private void awaitLog(Replica replica, String text) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.readString(replica.log).contains(text)) {
            assertThat(System.nanoTime()).as(replica.name + " logs " + text + " (see " + replica.log + ")").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void awaitReady(Replica replica) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (status(replica, "/q/health/ready") != 200) {
            assertThat(replica.process.isAlive()).as(replica.name + " runs (see " + replica.log + ")").isTrue();
            assertThat(System.nanoTime()).as(replica.name + " ready in time (see " + replica.log + ")").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Waits until the replica answers with that version; returns when it first did. */
    private Instant awaitAnswering(Replica replica, String version) throws Exception {
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        while (true) {
            JsonNode answer = decide(replica);
            Instant at = Instant.now();
            if (version.equals(answer.path("ruleset").asText())) {
                return at;
            }
            assertThat(System.nanoTime()).as(replica.name + " answers with " + version + " (see " + replica.log + ")")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private JsonNode awaitCluster(Replica replica, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
        JsonNode cluster = cluster(replica);
        while (!condition.test(cluster)) {
            assertThat(System.nanoTime()).as("the cluster as " + replica.name + " sees it: " + cluster).isLessThan(deadline);
            Thread.sleep(100);
            cluster = cluster(replica);
        }
        return cluster;
    }

    private static boolean allAre(JsonNode cluster, String field, String value) {
        List<String> values = cluster.path("replicas").findValuesAsText(field);
        return !values.isEmpty() && values.stream().allMatch(value::equals);
    }

    private JsonNode cluster(Replica replica) throws Exception {
        HttpResponse<String> answer = send(replica, HttpRequest.newBuilder(replica.uri("/api/v1/cluster")).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private JsonNode decide(Replica replica) throws Exception {
        HttpResponse<String> answer = send(replica, HttpRequest.newBuilder(replica.uri("/api/v1/recommendations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(contractExample())));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private int status(Replica replica, String path) throws InterruptedException {
        try {
            return send(replica, HttpRequest.newBuilder(replica.uri(path)).GET()).statusCode();
        } catch (IOException notListening) {
            return 0;
        }
    }

    private HttpResponse<String> send(Replica replica, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] contractExample() {
        try (InputStream in = ClusterIT.class.getResourceAsStream("/requests/contract-example.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }


    /** A rule file's hash, as the service computes it. */
    private static String sha256(String content) {
        return Hashes.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }

    private static RuleFile file(String path, String content) {
        return RuleFile.of(path, content.getBytes(StandardCharsets.UTF_8));
    }
}
