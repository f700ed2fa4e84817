package com.policydesk.cluster;

import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSetManager;
import com.policydesk.engine.RuleSource;
import com.policydesk.engine.TestRules;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's plain classes on a real broker: replicas (a rule-set manager, the rules topic's reader and publisher,
 * wired as ClusterService wires them) that run exactly the published version.
 */
@Execution(ExecutionMode.CONCURRENT)
class RuleSetClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaBroker broker;

    @TempDir
    Path work;
    private String topic;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.shared();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : open) {
            each.close();
        }
    }

    @Test
    void aChangeOnOneReplicaGoesLiveOnEveryReplica() throws Exception {
        newTopics();
        Replica a = replica("a", "Hello");
        Replica b = replica("b", "Hello");
        awaitTrue(() -> a.reader.caughtUp() && b.reader.caughtUp());
        write(a.folder, "Welcome");

        RuleSetManager.ReloadResult result = a.manager.reload("watch");

        assertThat(result.status()).isEqualTo(RuleSetManager.Status.PUBLISHED);
        assertThat(a.publisher.awaitInstalled(result.published(), WAIT)).isTrue();
        assertThat(a.manager.active().version()).isEqualTo(result.version());
        awaitTrue(() -> b.manager.active().version().equals(result.version()));
        assertThat(b.manager.active().files()).extracting(RuleFile::sha256)
                .containsExactlyElementsOf(a.manager.active().files().stream().map(RuleFile::sha256).toList());
        assertThat(b.reader.latest()).get().extracting(PublishedRuleSet::replica).isEqualTo("a");
    }

    @Test
    void theFirstReplicaPublishesItsVersionAndALaterOneCatchesUpOnTheNewestBeforeItIsReady() throws Exception {
        newTopics();
        Replica a = replica("a", "Hello");
        awaitTrue(a.reader::caughtUp);
        awaitTrue(() -> a.reader.latest().isPresent());
        assertThat(a.reader.latest().get().version()).as("nothing was published: the first replica publishes its own")
                .isEqualTo(a.manager.active().version());
        for (String greeting : List.of("Hi", "Hey", "Welcome")) {
            write(a.folder, greeting);
            RuleSetManager.ReloadResult published = a.manager.reload("watch");
            assertThat(a.publisher.awaitInstalled(published.published(), WAIT)).isTrue();
        }
        String newest = a.manager.active().version();

        Replica late = replica("late", "Hello", false);
        String own = late.manager.active().version();
        late.reader.start();
        awaitTrue(late.reader::caughtUp);

        assertThat(own).isNotEqualTo(newest);
        assertThat(late.manager.active().version()).as("when caught up").isEqualTo(newest);
        assertThat(late.installed).as("only the newest publication is installed").containsExactly(newest);
    }

    @Test
    void aPublicationThatCannotBeInstalledLeavesEveryReplicaOnItsVersion() throws Exception {
        newTopics();
        Replica a = replica("a", "Hello");
        awaitTrue(() -> a.reader.caughtUp() && a.reader.latest().isPresent());
        String before = a.manager.active().version();
        RuleFile broken = file("pack/greeting.drl", TestRules.GREETING_DRL.replace("then", "then oops("));
        PublishedRuleSet bad = new PublishedRuleSet(RuleSetLoader.version(List.of(broken)), "pack", Instant.now(),
                "someone", "test", List.of(broken));
        try (KafkaProducer<String, String> producer = broker.clients("test").stringProducer("bad")) {
            producer.send(new ProducerRecord<>(topic, 0, "pack", bad.toJson())).get(30, TimeUnit.SECONDS);
            awaitTrue(() -> a.failures.size() == 1);
            producer.send(new ProducerRecord<>(topic, 0, "pack", "not json")).get(30, TimeUnit.SECONDS);
            awaitTrue(() -> a.failures.size() == 2);
        }

        assertThat(a.failures.get(0)).startsWith("install " + bad.version());
        assertThat(a.failures.get(1)).startsWith("unreadable").contains("not JSON");
        assertThat(a.manager.active().version()).isEqualTo(before);
    }

    @Test
    void replicasReportTheirStatusAndTheBoardSeesThemConverge() throws Exception {
        newTopics();
        String statusTopic = topic + ".replicas";
        Replica a = replica("a", "Hello");
        Replica b = replica("b", "Welcome");
        awaitTrue(() -> a.reader.caughtUp() && b.reader.caughtUp());
        KafkaClients clients = broker.clients("test");
        ReplicaStatusReporter reportA = closing(new ReplicaStatusReporter(clients, statusTopic, "a",
                () -> new ReplicaStatus("a", a.manager.active().version(), ReplicaStatus.State.ACTIVE, null, Instant.now()),
                Clock.systemUTC()));
        ReplicaStatusReporter reportB = closing(new ReplicaStatusReporter(clients, statusTopic, "b",
                () -> new ReplicaStatus("b", b.manager.active().version(), ReplicaStatus.State.ACTIVE, null, Instant.now()),
                Clock.systemUTC()));
        ReplicaStatusBoard board = closing(new ReplicaStatusBoard(clients, statusTopic));
        reportA.start(Duration.ofMillis(200));
        reportB.start(Duration.ofMillis(200));
        board.start();

        awaitTrue(() -> status(a, board).converged());
        ClusterStatus converged = status(a, board);
        assertThat(converged.replicas()).extracting(ClusterStatus.Replica::replica).containsExactly("a", "b");
        assertThat(converged.published().version()).isEqualTo(a.manager.active().version());

        reportB.close();
        open.remove(reportB);
        awaitTrue(() -> board.replicas().size() == 1);
        ClusterStatus later = ClusterStatus.of(a.reader.latest().orElseThrow(), board.replicas(),
                Instant.now().plusSeconds(60), Duration.ofSeconds(3));
        assertThat(later.replicas()).extracting(ClusterStatus.Replica::state).containsExactly(ClusterStatus.SILENT);
        assertThat(later.converged()).as("no replica heard lately").isFalse();
    }

    private ClusterStatus status(Replica replica, ReplicaStatusBoard board) {
        return ClusterStatus.of(replica.reader.latest().orElse(null), board.replicas(), Instant.now(), Duration.ofSeconds(30));
    }

    private void newTopics() throws Exception {
        topic = "rulesets-" + TOPICS.incrementAndGet();
        ClusterTopics.ensure(broker.clients("test"), topic, topic + ".replicas");
    }

    /** A replica: a rules folder, its manager, and the rules topic's reader and publisher, wired as ClusterService does. */
    private final class Replica {
        final Path folder;
        final RuleSetManager manager;
        final PublishedRuleSets reader;
        final RuleSetPublisher publisher;
        final List<String> installed = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        Replica(String name, String greeting) throws IOException {
            folder = work.resolve(name);
            write(folder, greeting);
            manager = new RuleSetManager(new RuleSetLoader(), new RuleSource.Folder(folder),
                    RuleSetManager.CandidateCheck.NONE, Clock.systemUTC(), 10);
            manager.start();
            KafkaClients clients = broker.clients(name);
            reader = closing(new PublishedRuleSets(clients, topic, new PublishedRuleSets.Installer() {
                @Override
                public void install(PublishedRuleSet published, long offset) {
                    RuleSetManager.InstallResult result = manager.install(published.version(), published.files(),
                            "published by " + published.replica());
                    if (result.status() == RuleSetManager.Status.REJECTED) {
                        failures.add("install " + published.version() + ": " + result.entry().problems());
                    } else if (result.status() == RuleSetManager.Status.ACTIVATED) {
                        installed.add(published.version());
                    }
                }

                @Override
                public void unreadable(long offset, String problem) {
                    failures.add("unreadable " + offset + ": " + problem);
                }

                @Override
                public void nothingPublished() {
                    manager.publishActive("startup");
                }
            }));
            publisher = closing(new RuleSetPublisher(clients, topic, name, reader, Clock.systemUTC()));
            manager.publishThrough(publisher, ruleSet -> { });
        }
    }

    private Replica replica(String name, String greeting) throws IOException {
        return replica(name, greeting, true);
    }

    private Replica replica(String name, String greeting, boolean start) throws IOException {
        Replica replica = new Replica(name, greeting);
        if (start) {
            replica.reader.start();
        }
        return replica;
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        open.add(0, closeable);
        return closeable;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void write(Path folder, String greeting) throws IOException {
        Path file = folder.resolve("pack/greeting.drl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, TestRules.GREETING_DRL.replace("Hello", greeting));
    }

    private static RuleFile file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return RuleFile.of(path, bytes);
    }
}
