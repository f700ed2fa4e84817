package com.policydesk.cluster;

import com.policydesk.log.DecisionIds;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * poll are decided by {@code threads} workers at once. Polls are pipelined: while the answers of one poll wait for
 * the broker's acknowledgement, the next poll is decided; a poll's offsets are committed (asynchronously, in poll
 * order) once all its answers are acknowledged. At most {@value #MAX_POLLS_IN_FLIGHT} polls wait so; a poll whose
 * answers failed is read again from its first offsets, with the polls after it. Before its partitions go to another
 * replica, and at close, everything in flight is settled and committed.
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
    /** While answers are in flight the loop comes back soon to commit them. */
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(5);
    /** Polls decided ahead of the broker's acknowledgements: enough to keep the workers busy through a round trip. */
    static final int MAX_POLLS_IN_FLIGHT = 4;
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
    /** Polls whose answers await the broker, oldest first; the loop thread's alone. */
    private final Deque<InFlightPoll> inFlight = new ArrayDeque<>();
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
            consumer.subscribe(List.of(settings.requestsTopic()), new SettleBeforeRebalance());
            LOG.infof("Bulk decisions: consuming %s as group %s, %d at once; answers to %s", settings.requestsTopic(),
                    settings.group(), settings.threads(), settings.answersTopic());
            while (!closing) {
                ConsumerRecords<String, byte[]> records = consumer.poll(inFlight.isEmpty() ? POLL : IN_FLIGHT_POLL);
                if (!records.isEmpty()) {
                    inFlight.add(new InFlightPoll(records, answerAll(records)));
                }
                commitAcknowledged(inFlight.size() >= MAX_POLLS_IN_FLIGHT);
            }
            settle();
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

    /**
     * Commits the offsets of the oldest polls whose answers are all acknowledged, in poll order; with {@code wait},
     * first waits for the oldest poll's answers (the pipeline is full). A poll with a failed answer is read again.
     */
    private void commitAcknowledged(boolean wait) {
        while (!inFlight.isEmpty()) {
            InFlightPoll oldest = inFlight.peekFirst();
            if (!wait && !oldest.acknowledged()) {
                return;
            }
            wait = false;
            if (!oldest.allWritten()) {
                redeliverFrom(oldest);
                return;
            }
            inFlight.removeFirst();
            answered.addAndGet(oldest.answers.size());
            consumer.commitAsync(oldest.nextOffsets(), this::logFailedCommit);
        }
    }

    /** Waits for every answer in flight and commits what was written: before a rebalance and at close. */
    private void settle() {
        producer.flush();
        while (!inFlight.isEmpty()) {
            InFlightPoll oldest = inFlight.removeFirst();
            if (!oldest.allWritten()) {
                inFlight.addFirst(oldest);
                redeliverFrom(oldest);
                break;
            }
            answered.addAndGet(oldest.answers.size());
            commitNow(oldest.nextOffsets());
        }
    }

    private void commitNow(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException lostPartitions) {
            // another replica has them now and answers them again: at least once
            LOG.warnf("Bulk decisions: could not commit answered requests (%s); they will be answered again",
                    lostPartitions.getMessage());
        }
    }

    private void logFailedCommit(Map<TopicPartition, OffsetAndMetadata> offsets, Exception failure) {
        if (failure != null) {
            LOG.warnf("Bulk decisions: could not commit %s (%s); a later commit or a redelivery covers them", offsets,
                    failure.getMessage());
        }
    }

    /**
     * The poll whose answers failed, and every poll after it, are read again from their first offsets: nothing of
     * them is committed.
     */
    private void redeliverFrom(InFlightPoll failed) {
        redelivered.incrementAndGet();
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        for (InFlightPoll poll : inFlight) {
            poll.firstOffsets().forEach(firstOffsets::putIfAbsent);
        }
        inFlight.clear();
        Set<TopicPartition> assigned = consumer.assignment();
        firstOffsets.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** Called inside {@code poll} before partitions are taken away: what was answered is committed first. */
    private final class SettleBeforeRebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            settle();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing in flight can concern them: in-flight polls were settled when partitions were revoked
        }
    }

    /** One poll whose answers were handed to the producer. */
    private record InFlightPoll(ConsumerRecords<String, byte[]> records, List<Future<RecordMetadata>> answers) {
        boolean acknowledged() {
            return answers.stream().allMatch(Future::isDone);
        }

        /** Waits for every answer; whether the broker took them all (the failures are logged). */
        boolean allWritten() {
            int failed = 0;
            Exception first = null;
            for (Future<RecordMetadata> answer : answers) {
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
                LOG.errorf("Bulk decisions: %d of %d answers could not be written (%s); their requests are read again",
                        failed, answers.size(), first.getCause());
            }
            return failed == 0;
        }

        Map<TopicPartition, Long> firstOffsets() {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                offsets.put(partition, records.records(partition).get(0).offset());
            }
            return offsets;
        }

        Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
                offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
            }
            return offsets;
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
