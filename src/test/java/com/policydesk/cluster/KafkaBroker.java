package com.policydesk.cluster;

import com.policydesk.ChildJvm;
import com.policydesk.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Kafka broker for tests, without Docker: the jars {@code kafka-local.sh} runs (Apache Kafka 4.4.0, fetched by
 * {@code kafka/pom.xml} into {@code target/kafka-broker/libs}; the build does that before the tests), started as a child
 * process in KRaft mode (broker and controller in one process) on free ports, with a small heap, its storage and its
 * log ({@code server.log}, {@code console.log}) in a folder of its own under {@code target/kafka-test/}.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start()) {
 *     broker.createTopic("t", 1);
 *     ... broker.bootstrapServers() ...
 * }
 * }</pre>
 *
 * Closing kills the process and deletes its folder (kept when {@code -Dkafka.broker.keep=true}, to read its log).
 *
 * <p>Most tests need a broker, not a broker of their own: {@link #shared()} is one broker for the whole test JVM,
 * started on first use and killed when the JVM exits, on which each test keeps to topics and groups of its own
 * ({@link #serviceSettings}). A broker start costs several seconds of CPU (two JVMs: the storage format, the broker).
 */
public final class KafkaBroker implements AutoCloseable {
    /** The shared broker's coordinates, as system properties: Quarkus tests load this class again in their own loader. */
    private static final String SHARED_PORT = "kafka.broker.shared.port";
    private static final String SHARED_HOME = "kafka.broker.shared.home";
    private static final String SHARED_PID = "kafka.broker.shared.pid";
    /** Where the build copies the broker's jars (see kafka/pom.xml); {@code -Dkafka.broker.libs} overrides it. */
    public static final Path LIBS = Path.of(System.getProperty("kafka.broker.libs", "target/kafka-broker/libs"));
    private static final Path LOG4J_CONFIG = Path.of("kafka/log4j2.properties");
    /** A bound: the broker answers in seconds on an idle machine, much later on a busy one. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    /** A bound on creating a topic and on its partitions getting a leader. */
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
    /** The clients of tests outside Quarkus log every client's configuration at INFO: kept (strongly) at WARNING. */
    private static final java.util.logging.Logger CLIENT_LOGS = quiet("org.apache.kafka");

    private final ProcessHandle process;
    private final Path home;
    private final int port;
    /** Only the shared broker's handle has none: it is closed when the JVM exits, never by a test. */
    private final Thread killOnExit;

    private KafkaBroker(ProcessHandle process, Path home, int port, boolean shared) {
        this.process = process;
        this.home = home;
        this.port = port;
        if (shared) {
            this.killOnExit = null;
        } else {
            this.killOnExit = new Thread(process::destroyForcibly, "kafka-broker-kill");
            Runtime.getRuntime().addShutdownHook(killOnExit);
        }
    }

    /**
     * The broker of this test JVM, started on first use; {@link #close()} on it does nothing, and the JVM's exit
     * kills it and deletes its folder. Tests that share it name their topics and groups apart.
     */
    public static KafkaBroker shared() throws IOException, InterruptedException, TimeoutException {
        // one lock for every class loader of the JVM
        synchronized (System.getProperties()) {
            String port = System.getProperty(SHARED_PORT);
            if (port == null) {
                KafkaBroker owned = start();
                Runtime.getRuntime().removeShutdownHook(owned.killOnExit);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> owned.kill(), "kafka-shared-broker-stop"));
                System.setProperty(SHARED_HOME, owned.home.toString());
                System.setProperty(SHARED_PID, Long.toString(owned.process.pid()));
                port = Integer.toString(owned.port);
                System.setProperty(SHARED_PORT, port);
            }
            ProcessHandle process = ProcessHandle.of(Long.parseLong(System.getProperty(SHARED_PID)))
                    .orElseThrow(() -> new IllegalStateException("the shared Kafka broker has stopped"));
            return new KafkaBroker(process, Path.of(System.getProperty(SHARED_HOME)), Integer.parseInt(port), true);
        }
    }

    /** A broker of a process already running: for the harness's own test of {@link #close()}. */
    static KafkaBroker of(Process process, Path home, int port) {
        return new KafkaBroker(process.toHandle(), home, port, false);
    }

    /** Starts a broker on a free port and waits until it answers. */
    public static KafkaBroker start() throws IOException, InterruptedException, TimeoutException {
        return start(FreePorts.next());
    }

    /** Starts a broker on this port (the controller takes another, free one) and waits until it answers. */
    public static KafkaBroker start(int port) throws IOException, InterruptedException, TimeoutException {
        if (!Files.isDirectory(LIBS) || !hasJars(LIBS)) {
            throw new IllegalStateException("no Kafka broker jars in " + LIBS.toAbsolutePath()
                    + ": run `bash kafka-local.sh fetch` (or ./mvnw verify, which does it before the tests)");
        }
        Path base = Path.of("target", "kafka-test");
        Files.createDirectories(base);
        Path home = Files.createTempDirectory(base, "broker-" + port + "-").toAbsolutePath();
        Path data = home.resolve("data");
        Files.createDirectories(data);
        int controllerPort = FreePorts.next();
        Path config = home.resolve("server.properties");
        Files.writeString(config, serverProperties(port, controllerPort, data), StandardCharsets.UTF_8);

        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        Process format = java(home, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString())
                .redirectOutput(home.resolve("format.log").toFile())
                .redirectErrorStream(true)
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed: "
                    + Files.readString(home.resolve("format.log")));
        }

        Process process = java(home, "kafka.Kafka", config.toString())
                .redirectOutput(home.resolve("console.log").toFile())
                .redirectErrorStream(true)
                .start();
        KafkaBroker broker = new KafkaBroker(process.toHandle(), home, port, false);
        try {
            broker.awaitReady();
        } catch (IOException | InterruptedException | TimeoutException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's folder: its storage, {@code server.log} and {@code console.log}. */
    public Path home() {
        return home;
    }

    /**
     * The settings that put a service on this broker with every topic and its bulk group named under {@code prefix}
     * ({@code prefix.rulesets}, {@code prefix.requests}, …): services of different tests then never see each other.
     */
    public Map<String, String> serviceSettings(String prefix) {
        return Map.of(
                "policydesk.cluster.kafka.bootstrap-servers", bootstrapServers(),
                "policydesk.cluster.kafka.rulesets-topic", prefix + ".rulesets",
                "policydesk.cluster.kafka.status-topic", prefix + ".replicas",
                "policydesk.cluster.kafka.decisions-topic", prefix + ".decisions",
                "policydesk.cluster.kafka.requests-topic", prefix + ".requests",
                "policydesk.cluster.kafka.recommendations-topic", prefix + ".recommendations",
                "policydesk.cluster.kafka.bulk-group", prefix);
    }

    /** Clients of this broker, as the service makes them. */
    public KafkaClients clients(String clientIdPrefix) {
        return new KafkaClients(bootstrapServers(), Map.of(), clientIdPrefix);
    }

    public void createTopic(String name, int partitions) throws InterruptedException, TimeoutException {
        createTopic(name, partitions, Map.of());
    }

    public void createCompactedTopic(String name) throws InterruptedException, TimeoutException {
        createTopic(name, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * Creates the topic and waits until each of its partitions has a leader. The controller acknowledges a new topic
     * before the broker has taken up its partitions; a producer that starts then waits for them, and on a busy
     * machine that wait was long enough to fail a bounded test.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs)
            throws InterruptedException, TimeoutException {
        clients("test").ensureTopic(name, partitions, configs, TOPIC_TIMEOUT);
        awaitLeaders(name, partitions);
    }

    /** The last lines of the broker's {@code server.log}: for a test's failure message. */
    public String serverLogTail() {
        return tail(home.resolve("logs/server.log"));
    }

    private void awaitLeaders(String topic, int partitions) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (!hasLeaders(admin, topic, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the partitions of " + topic + " have no leader after " + TOPIC_TIMEOUT
                            + ":" + serverLogTail());
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean hasLeaders(Admin admin, String topic, int partitions) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(5, TimeUnit.SECONDS).get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(partition -> partition.leader() != null
                    && !partition.leader().isEmpty());
        } catch (java.util.concurrent.ExecutionException | TimeoutException notYet) {
            return false;
        }
    }

    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(properties);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the broker (at once: its data is thrown away) and deletes its folder; nothing for the shared broker. */
    @Override
    public void close() {
        if (killOnExit == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        kill();
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // deleting its folder may fail: a leftover folder under target/ is harmless
        }
        if (!Boolean.getBoolean("kafka.broker.keep")) {
            deleteTree(home);
        }
    }

    private void awaitReady() throws InterruptedException, TimeoutException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Kafka broker stopped at start: "
                            + tail(home.resolve("console.log")) + tail(home.resolve("logs/server.log")));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | TimeoutException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the Kafka broker did not answer within " + START_TIMEOUT + "; see "
                            + home.resolve("logs/server.log"));
                }
                Thread.sleep(100);
            }
        }
    }

    private static ProcessBuilder java(Path home, String mainClass, String... arguments) {
        List<String> command = ChildJvm.java("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + LOG4J_CONFIG.toAbsolutePath(),
                "-Dkafka.logs.dir=" + home.resolve("logs"),
                "-Dkafka.console.level=OFF",
                "-cp", LIBS.toAbsolutePath() + "/*",
                mainClass);
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).directory(home.toFile());
    }

    private static String serverProperties(int port, int controllerPort, Path data) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + data,
                "num.partitions=1",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=16777216",
                // compacted topics compact soon in tests
                "log.cleaner.backoff.ms=1000",
                "") ;
    }

    private static java.util.logging.Logger quiet(String category) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private static boolean hasJars(Path libs) throws IOException {
        try (Stream<Path> files = Files.list(libs)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("kafka_2.13-"));
        }
    }


    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover folder under target/ is harmless
        }
    }
}
