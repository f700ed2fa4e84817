package com.policydesk.cluster;

import com.policydesk.log.DecisionIds;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Bulk decisions: requests consumed from a topic by every replica as one consumer group (so its partitions spread
 * across them), each decided as the REST endpoint decides one, its answer written to the answers topic with the
 * request's key and correlation id. The offsets of a poll are committed only once the broker has acknowledged
 * every answer of it: at least once. A request whose answer may not have been written is delivered again (here or,
 * after a rebalance, to another replica) and decided again under the same decision id, which tells a reader a
 * repeat from a new decision.
 *
 * <p>Runs on a thread of its own, never the event loop, and begins only once the replica is ready; the records of a
 * poll are decided by {@code threads} workers at once.
 */
public final class BulkDecisions implements AutoCloseable {
    /** The caller's correlation id: copied from the request's header to its answer's. */
    public static final String CORRELATION_ID = "correlation-id";
    /** The answer's decision id (absent for a request refused before it was decided). */
    public static final String DECISION_ID = "decision-id";
    /** {@code application/json} for a decision, {@code application/problem+json} for a problem. */
    public static final String CONTENT_TYPE = "content-type";
    /** The replica that answered: for an operator following a request. */
    public static final String REPLICA = "replica-id";

    private static final Logger LOG = Logger.getLogger(BulkDecisions.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long BUSY_PAUSE_MS = 20;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Settings settings;
    private final BulkDecider decider;
    private final BooleanSupplier ready;
    private final ExecutorService workers;
    private final Thread loop;
    private final byte[] replica;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong redelivered = new AtomicLong();
    private volatile boolean closing;

    /**
     * The topics, the group (also part of each decision's id), how many records are decided at once, and the
     * replica's name written on each answer.
     */
    public record Settings(String requestsTopic, String answersTopic, String group, int threads, String replica) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
        }
    }

    /** Owns the clients from now on; {@link #start()} begins consuming once {@code ready} says so. */
    public BulkDecisions(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, Settings settings,
                         BulkDecider decider, BooleanSupplier ready) {
        this.consumer = consumer;
        this.producer = producer;
        this.settings = settings;
        this.decider = decider;
        this.ready = ready;
        this.replica = settings.replica().getBytes(StandardCharsets.UTF_8);
        ClassLoader application = BulkDecisions.class.getClassLoader();
        this.workers = Executors.newFixedThreadPool(settings.threads(), work -> {
            Thread worker = new Thread(work, "bulk-decisions-worker");
            worker.setDaemon(true);
            // Drools and DMN find classes through the context class loader
            worker.setContextClassLoader(application);
            return worker;
        });
        this.loop = new Thread(this::run, "bulk-decisions");
        this.loop.setDaemon(true);
        this.loop.setContextClassLoader(application);
    }

    public void start() {
        loop.start();
    }

    /** Answers written and acknowledged. */
    public long answered() {
        return answered.get();
    }

    /** Polls whose answers could not all be written: their requests were delivered again. */
    public long redelivered() {
        return redelivered.get();
    }

    /** Finishes the poll in hand (its answers written and committed), leaves the group, and closes the clients. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        loop.join(CLOSE_TIMEOUT.toMillis());
    }

    private void run() {
        try {
            if (!awaitReady()) {
                return;
            }
            consumer.subscribe(List.of(settings.requestsTopic()));
            LOG.infof("Bulk decisions: consuming %s as group %s, %d at once; answers to %s", settings.requestsTopic(),
                    settings.group(), settings.threads(), settings.answersTopic());
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    answerAndCommit(records);
                }
            }
        } catch (Abandoned abandoned) {
            LOG.info("Bulk decisions: closing while the decision log was full; the poll in hand is left to be delivered again");
        } catch (RuntimeException e) {
            LOG.errorf(e, "Bulk decisions stopped: %s; this replica takes no more bulk requests", e.getMessage());
        } finally {
            workers.shutdownNow();
            consumer.close(CLOSE_TIMEOUT);
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private boolean awaitReady() {
        while (!ready.getAsBoolean()) {
            if (closing) {
                return false;
            }
            pause(100);
        }
        return true;
    }

    private void answerAndCommit(ConsumerRecords<String, byte[]> records) {
        List<Future<RecordMetadata>> sent = answerAll(records);
        producer.flush();
        if (!allAcknowledged(sent)) {
            redelivered.incrementAndGet();
            rewind(records);
            return;
        }
        answered.addAndGet(sent.size());
        try {
            consumer.commitSync(nextOffsets(records));
        } catch (CommitFailedException lostPartitions) {
            // another replica has them now and answers them again: at least once
            LOG.warnf("Bulk decisions: could not commit %d answered requests (%s); they will be answered again",
                    records.count(), lostPartitions.getMessage());
        }
    }

    /** Decides the records in {@code threads} slices at once and hands each answer to the producer. */
    private List<Future<RecordMetadata>> answerAll(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        int slices = Math.min(settings.threads(), all.size());
        List<Callable<List<Future<RecordMetadata>>>> work = new ArrayList<>(slices);
        for (int slice = 0; slice < slices; slice++) {
            List<ConsumerRecord<String, byte[]>> part = all.subList(slice * all.size() / slices, (slice + 1) * all.size() / slices);
            work.add(() -> part.stream().map(this::answer).toList());
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(all.size());
        try {
            for (Future<List<Future<RecordMetadata>>> slice : workers.invokeAll(work)) {
                sent.addAll(slice.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
        return sent;
    }

    private Future<RecordMetadata> answer(ConsumerRecord<String, byte[]> request) {
        BulkAnswer answer = decide(request);
        RecordHeaders headers = new RecordHeaders();
        Header correlation = request.headers().lastHeader(CORRELATION_ID);
        if (correlation != null) {
            headers.add(CORRELATION_ID, correlation.value());
        }
        if (answer.decisionId() != null) {
            headers.add(DECISION_ID, answer.decisionId().getBytes(StandardCharsets.UTF_8));
        }
        headers.add(CONTENT_TYPE, answer.contentType().getBytes(StandardCharsets.UTF_8));
        headers.add(REPLICA, replica);
        return producer.send(new ProducerRecord<>(settings.answersTopic(), null, request.key(), answer.json(), headers));
    }

    /** Waits while the decision log sheds: the broker keeps the requests meanwhile, nothing is refused. */
    private BulkAnswer decide(ConsumerRecord<String, byte[]> request) {
        String decisionId = decisionId(request);
        byte[] body = request.value() == null ? new byte[0] : request.value();
        Optional<BulkAnswer> answer;
        while ((answer = decider.answer(body, decisionId)).isEmpty()) {
            if (closing) {
                throw new Abandoned();
            }
            pause(BUSY_PAUSE_MS);
        }
        return answer.get();
    }

    /** The same at every delivery of the record: its time, and where it was delivered from. */
    private String decisionId(ConsumerRecord<String, byte[]> request) {
        long millis = request.timestamp() >= 0 ? request.timestamp() : System.currentTimeMillis();
        return DecisionIds.of(millis, settings.group() + "/" + request.topic() + "/" + request.partition() + "/" + request.offset());
    }

    private boolean allAcknowledged(List<Future<RecordMetadata>> sent) {
        int failed = 0;
        Exception first = null;
        for (Future<RecordMetadata> answer : sent) {
            try {
                answer.get();
            } catch (ExecutionException e) {
                failed++;
                first = first == null ? e : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned();
            }
        }
        if (failed > 0) {
            LOG.errorf("Bulk decisions: %d of %d answers could not be written to %s (%s); their requests are read again",
                    failed, sent.size(), settings.answersTopic(), first.getCause());
        }
        return failed == 0;
    }

    /** Back to the first record of each partition in the poll: the next poll delivers them again. */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /** The poll in hand is given up without committing: its records are delivered again. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }
}
