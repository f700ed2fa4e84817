package com.policydesk.cluster;

import com.policydesk.log.Admission;
import com.policydesk.log.DecisionRecordJson;
import com.policydesk.log.DecisionSink;
import com.policydesk.log.LogEntry;
import com.policydesk.log.LoggedDecision;
import com.policydesk.log.WhenFull;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decision log on a Kafka topic: one record per decision, keyed by the customer id as the log keeps it, valued
 * with the same content as a row of the SQLite log ({@link DecisionRecordJson}).
 *
 * <p>{@link #offer} never waits: it hands the decision to a sender thread, which writes its JSON and gives it to
 * the producer (whose batching and compression then apply). A decision is held from the offer until the broker
 * acknowledges it (or the producer gives up); at most {@code capacity} are held, beyond which the policy sheds or
 * drops, as the SQLite log does when its queue is full. A broker that is away therefore fills the sink within
 * seconds under load, and shedding then refuses requests rather than answer them unlogged. Thread-safe.
 */
public final class KafkaDecisionSink implements DecisionSink {
    private static final Logger LOG = Logger.getLogger(KafkaDecisionSink.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final DecisionRecordJson records;
    private final int capacity;
    private final WhenFull whenFull;
    private final BlockingQueue<LoggedDecision> toSend = new LinkedBlockingQueue<>();
    /** Taken and not yet acknowledged or failed: what the capacity bounds. */
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final Object progress = new Object();
    private final Thread sender;
    private volatile boolean closing;
    private volatile boolean flushRequested;

    /**
     * Starts the sender thread; the sink owns the producer from now on and closes it.
     *
     * @param capacity decisions held (taken, not yet acknowledged) at most
     */
    public KafkaDecisionSink(Producer<String, byte[]> producer, String topic, DecisionRecordJson records, int capacity,
                             WhenFull whenFull) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.producer = producer;
        this.topic = topic;
        this.records = records;
        this.capacity = capacity;
        this.whenFull = whenFull;
        this.sender = new Thread(this::sendUntilClosed, "decision-log-kafka");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    @Override
    public boolean hasRoom() {
        return !closing && held.get() < capacity;
    }

    @Override
    public Admission offer(LoggedDecision decision) {
        if (!closing) {
            if (held.incrementAndGet() <= capacity) {
                taken.incrementAndGet();
                toSend.add(decision);
                return Admission.QUEUED;
            }
            held.decrementAndGet();
            if (whenFull == WhenFull.DROP) {
                dropped.increment();
                return Admission.DROPPED;
            }
        }
        refused.increment();
        return Admission.REFUSED;
    }

    /** Waits until every decision taken before this call is acknowledged by the broker, or failed. */
    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = taken.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushRequested = true;
        synchronized (progress) {
            while (written.get() + failed.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
        return true;
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long refused() {
        return refused.sum();
    }

    /** Decisions the broker acknowledged (all in-sync replicas have them). */
    @Override
    public long written() {
        return written.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    /** Decisions taken and not yet acknowledged. */
    @Override
    public int queueSize() {
        return held.get();
    }

    /** Stops taking decisions, sends what it holds and waits (30 s at most) for the broker to acknowledge it. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        sender.join(CLOSE_TIMEOUT.toMillis());
    }

    private void sendUntilClosed() {
        try {
            while (!closing || !toSend.isEmpty()) {
                LoggedDecision next = toSend.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    send(next);
                }
                if (flushRequested && toSend.isEmpty()) {
                    flushRequested = false;
                    producer.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private void send(LoggedDecision decision) {
        try {
            LogEntry entry = records.entry(decision);
            producer.send(new ProducerRecord<>(topic, entry.customerKey(), records.write(entry)),
                    (metadata, error) -> acknowledged(error));
        } catch (RuntimeException e) {
            acknowledged(e);
        }
    }

    /** The producer's verdict on one record, on its I/O thread: keep it short. */
    private void acknowledged(Exception error) {
        held.decrementAndGet();
        if (error == null) {
            written.incrementAndGet();
        } else {
            failed.incrementAndGet();
            failures.error("The decision log could not write a decision to " + topic, error);
        }
        if (flushRequested || closing) {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }
}
