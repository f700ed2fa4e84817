// Bulk decisions through Kafka, end to end (bench/kafka.sh runs it): sends N requests to the requests topic, each
// with a correlation id, and times until an answer for every one has been read from the answers topic.
//   java -cp 'target/kafka-broker/libs/*' bench/KafkaBulkLoad.java <bootstrap> <requests-topic> <answers-topic> <n> <request.json> [partitions]
// Creates both topics (with <partitions>, default 4) when missing. Prints one line of key=value figures.
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

public class KafkaBulkLoad {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0], requests = args[1], answers = args[2];
        int n = Integer.parseInt(args[3]);
        String template = Files.readString(Path.of(args[4]));
        int partitions = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        createTopics(bootstrap, partitions, requests, answers);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap);
             KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            List<TopicPartition> answerPartitions = consumer.partitionsFor(answers).stream()
                    .map(info -> new TopicPartition(answers, info.partition())).toList();
            consumer.assign(answerPartitions);
            consumer.seekToEnd(answerPartitions);
            answerPartitions.forEach(consumer::position);
            long started = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String customer = "C-" + (i % 1000);
                RecordHeaders headers = new RecordHeaders();
                headers.add("correlation-id", (run + "-" + i).getBytes(StandardCharsets.UTF_8));
                byte[] body = template.replace("\"C-1\"", "\"" + customer + "\"").getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(requests, null, customer, body, headers));
            }
            producer.flush();
            long sent = System.nanoTime();
            Set<String> seen = new HashSet<>();
            int all = 0, problems = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    var correlation = record.headers().lastHeader("correlation-id");
                    String id = correlation == null ? "" : new String(correlation.value(), StandardCharsets.UTF_8);
                    if (id.startsWith(run)) {
                        all++;
                        seen.add(id);
                        var type = record.headers().lastHeader("content-type");
                        if (type != null && new String(type.value(), StandardCharsets.UTF_8).contains("problem")) {
                            problems++;
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("requests=%d answered=%d answers=%d problems=%d produce_s=%.2f total_s=%.2f decisions_per_s=%.0f%n",
                    n, seen.size(), all, problems, (sent - started) / 1e9, seconds, seen.size() / seconds);
            if (seen.size() < n) {
                System.exit(1);
            }
        }
    }

    private static void createTopics(String bootstrap, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("linger.ms", "5");
        properties.put("batch.size", "262144");
        properties.put("compression.type", "lz4");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("max.poll.records", "2000");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
