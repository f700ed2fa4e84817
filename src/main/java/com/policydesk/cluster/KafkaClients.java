package com.policydesk.cluster;

import com.policydesk.config.PolicyDeskConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every Kafka client of the service is made here, from the cluster settings: the bootstrap servers, then sensible
 * defaults, then {@code policydesk.cluster.kafka.client.*} as given (which override the defaults, so security and
 * timeouts are set in one place). Plain Java: the tests build one on the {@code KafkaBroker} they start.
 */
public final class KafkaClients {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final String bootstrapServers;
    private final Map<String, String> client;
    private final String clientIdPrefix;

    /**
     * @param bootstrapServers {@code host:port[,host:port…]}
     * @param client           further client properties, passed to every client as they are
     * @param clientIdPrefix   the start of every client's {@code client.id} (the replica id), so that the broker's
     *                         logs and quotas tell the replicas apart
     */
    public KafkaClients(String bootstrapServers, Map<String, String> client, String clientIdPrefix) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers");
        }
        this.bootstrapServers = bootstrapServers.strip();
        this.client = Map.copyOf(Objects.requireNonNull(client));
        this.clientIdPrefix = Objects.requireNonNull(clientIdPrefix);
    }

    /** The clients of the configured cluster, or empty when {@code policydesk.cluster.kafka.bootstrap-servers} is unset. */
    public static Optional<KafkaClients> of(PolicyDeskConfig.Cluster.Kafka settings, String clientIdPrefix) {
        return settings.bootstrapServers()
                .filter(servers -> !servers.isBlank())
                .map(servers -> new KafkaClients(servers, settings.client(), clientIdPrefix));
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Settings for a producer that sends many small records (the decision log, bulk answers): batches of ~10 ms
     * compressed with LZ4, the cheapest codec in CPU that kafka-clients brings.
     */
    public static final Map<String, String> BATCHED = Map.of(
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, "10",
            ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));

    /** Producer settings: acknowledged by every in-sync replica, idempotent (no duplicates on a retry). */
    public Properties producerProperties(String purpose) {
        return producerProperties(purpose, Map.of());
    }

    /**
     * Producer settings as {@link #producerProperties(String)}, with a purpose's own tuning on top; the operator's
     * {@code client.*} settings still win over both.
     */
    public Properties producerProperties(String purpose, Map<String, String> tuning) {
        Properties properties = common(purpose);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.putAll(tuning);
        properties.putAll(client);
        return properties;
    }

    /**
     * Consumer settings: no automatic commit (the service decides what it has processed), from the earliest offset
     * when there is no committed one, and only committed records of transactional producers.
     *
     * @param groupId the consumer group, or null for a consumer that assigns partitions itself
     */
    public Properties consumerProperties(String purpose, String groupId) {
        return consumerProperties(purpose, groupId, Map.of());
    }

    /** Consumer settings with a purpose's own tuning on top; the operator's {@code client.*} settings still win. */
    public Properties consumerProperties(String purpose, String groupId, Map<String, String> tuning) {
        Properties properties = common(purpose);
        if (groupId != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.putAll(tuning);
        properties.putAll(client);
        return properties;
    }

    public Properties adminProperties(String purpose) {
        Properties properties = common(purpose);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        properties.putAll(client);
        return properties;
    }

    public <K, V> KafkaProducer<K, V> producer(String purpose, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(producerProperties(purpose), keys, values);
    }

    /** A producer of string keys and string (JSON) values. */
    public KafkaProducer<String, String> stringProducer(String purpose) {
        return producer(purpose, new StringSerializer(), new StringSerializer());
    }

    public <K, V> KafkaConsumer<K, V> consumer(String purpose, String groupId, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(consumerProperties(purpose, groupId), keys, values);
    }

    /** A consumer of string keys and string (JSON) values; {@code groupId} null: partitions assigned by the caller. */
    public KafkaConsumer<String, String> stringConsumer(String purpose, String groupId) {
        return consumer(purpose, groupId, new StringDeserializer(), new StringDeserializer());
    }

    public Admin admin(String purpose) {
        return Admin.create(adminProperties(purpose));
    }

    /**
     * Creates a topic unless it exists (whatever its settings then: an operator's own topic is left as it is).
     *
     * @param configs topic settings, e.g. {@code cleanup.policy=compact}
     * @return whether this call created it
     */
    public boolean ensureTopic(String name, int partitions, Map<String, String> configs, Duration timeout)
            throws InterruptedException, TimeoutException {
        try (Admin admin = admin("topics")) {
            return ensureTopic(admin, name, partitions, configs, timeout);
        }
    }

    /** As {@link #ensureTopic(String, int, Map, Duration)}, with an admin client the caller has. */
    public static boolean ensureTopic(Admin admin, String name, int partitions, Map<String, String> configs,
                                      Duration timeout) throws InterruptedException, TimeoutException {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(new HashMap<>(configs));
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create the topic " + name + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private Properties common(String purpose) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG,
                clientIdPrefix + "-" + purpose + "-" + CLIENTS.incrementAndGet());
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
        return properties;
    }
}
