package com.policydesk.service;

import com.policydesk.cluster.DecisionTopicReader;
import com.policydesk.cluster.KafkaClients;
import com.policydesk.cluster.KafkaDecisionLog;
import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.engine.Decision;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleFile;
import com.policydesk.log.Admission;
import com.policydesk.log.DecisionPage;
import com.policydesk.log.DecisionQuery;
import com.policydesk.log.StoredDecision;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogReader;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.DecisionSink;
import com.policydesk.log.LoggedDecision;
import com.policydesk.log.Redaction;
import com.policydesk.log.WhenFull;
import com.policydesk.model.DecisionRequest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The decision log in the service: opened at start-up from {@code policydesk.log.*} (when enabled), fed by every
 * decision, drained at shutdown, and counted in the metrics. Recording never waits: it is safe on the event loop.
 * The log is the SQLite file, or with {@code policydesk.log.sink=kafka} the decisions topic: then the look-ups,
 * which query the file, are refused ({@link LogNotQueryableException}), and a replay samples the topic.
 */
@Startup
@Singleton
public class DecisionLogService {
    private static final Logger LOG = Logger.getLogger(DecisionLogService.class);

    private final DecisionSink log;
    /** Null when the log is on Kafka: the file is not there to query. */
    private final DecisionLogReader reader;
    /** Null unless the log is on Kafka. */
    private final DecisionTopicReader topic;
    private final WhenFull whenFull;
    private final long retryAfterSeconds;
    private final Duration retention;

    DecisionLogService(PolicyDeskConfig config, MeterRegistry metrics) throws SQLException {
        DecisionLogSettings settings = settings(config);
        boolean onKafka = config.log().enabled() && config.log().sink() == PolicyDeskConfig.Log.Sink.KAFKA;
        this.whenFull = settings.whenFull();
        this.retention = settings.maxAge();
        this.retryAfterSeconds = Math.max(1, (long) Math.ceil(settings.commitInterval().toMillis() / 1000.0));
        KafkaClients kafka = onKafka ? KafkaDecisionLog.clients(config.cluster().kafka()) : null;
        this.reader = onKafka ? null : new DecisionLogReader(settings.file(), settings.redaction());
        this.topic = onKafka ? KafkaDecisionLog.reader(kafka, config.cluster().kafka(), settings) : null;
        if (!config.log().enabled()) {
            this.log = null;
            LOG.info("Decision log: disabled");
        } else if (onKafka) {
            this.log = KafkaDecisionLog.sink(kafka, config.cluster().kafka(), settings);
            LOG.infof("Decision log: Kafka topic %s at %s (at most %d unacknowledged, when full: %s)",
                    config.cluster().kafka().decisionsTopic(), config.cluster().kafka().bootstrapServers().orElseThrow(),
                    settings.queueCapacity(), settings.whenFull());
            register(metrics, log);
        } else {
            this.log = DecisionLog.open(settings, Clock.systemUTC());
            LOG.infof("Decision log: %s (commit every %s, when full: %s)", settings.file().toAbsolutePath(),
                    settings.commitInterval(), settings.whenFull());
            register(metrics, log);
        }
    }

    /** Refuses before deciding when the log could not take the decision and the policy is to shed. */
    public void requireRoom() {
        if (log != null && !log.hasRoom() && whenFull == WhenFull.SHED) {
            throw new OverloadedException(retryAfterSeconds);
        }
    }

    /**
     * Queues one decision without waiting. It costs the caller (an event loop) an object and a queue slot: the log's
     * own thread makes the row, from the body as received.
     *
     * @param body the body the request was read from, exactly as received; null when there is none (a batch's
     *             item): then the request is written as JSON here, on the caller's thread
     * @throws OverloadedException when the queue is full and the policy is to shed
     */
    public void record(String decisionId, RuleSet ruleSet, DecisionRequest request, byte[] body, Decision decision,
                       long durationNanos) {
        if (log == null) {
            return;
        }
        Admission admission = log.offer(LoggedDecision.of(decisionId, ruleSet.version(), ruleSet.files(), request, body,
                decision.recommendations(), durationNanos));
        if (admission == Admission.REFUSED) {
            throw new OverloadedException(retryAfterSeconds);
        }
    }

    /** @throws LogNotQueryableException when the log is on Kafka */
    public Optional<StoredDecision> find(String decisionId) {
        return read(() -> queryable().find(decisionId));
    }

    /** @throws LogNotQueryableException when the log is on Kafka */
    public DecisionPage list(DecisionQuery query) {
        return read(() -> queryable().list(query));
    }

    /** The newest decisions, newest first: from the file, or from the topic when the log is on Kafka. */
    public List<StoredDecision> latest(int limit) {
        return topic != null ? topic.latest(limit) : read(() -> reader.latest(limit));
    }

    /** Where the retention window starts now: a replay of the whole log goes through the decisions since. */
    public Instant retentionStart() {
        return Instant.now().minus(retention);
    }

    /** @throws LogNotQueryableException when the log is on Kafka */
    public long count(Instant since) {
        return read(() -> queryable().count(since));
    }

    /**
     * The decisions logged since, oldest first, a page at a time; close the cursor.
     *
     * @throws LogNotQueryableException when the log is on Kafka
     */
    public DecisionLogReader.ReplayCursor replay(Instant since, int pageSize) {
        return read(() -> queryable().replay(since, pageSize));
    }

    /**
     * The files of a version that made logged decisions; empty when the log never stored it, and always when the
     * log is on Kafka (the topic holds decisions, not rule files).
     */
    public List<RuleFile> rulesetFiles(String version) {
        return reader == null ? List.of() : read(() -> reader.rulesetFiles(version));
    }

    /** Whether the log keeps the files of the versions that decided (the SQLite log does, the topic does not). */
    public boolean keepsRulesetFiles() {
        return reader != null;
    }

    private DecisionLogReader queryable() {
        if (reader == null) {
            throw new LogNotQueryableException();
        }
        return reader;
    }

    /** Waits (a little) until what was decided so far is written: a replay then sees the latest decisions. */
    public void flush() {
        if (log == null) {
            return;
        }
        try {
            log.flush(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (log != null) {
            int queued = log.queueSize();
            log.close();
            LOG.infof("Decision log closed: %d written, %d queued at shutdown, %d dropped, %d refused, %d failed",
                    log.written(), queued, log.dropped(), log.refused(), log.failed());
        }
    }

    static DecisionLogSettings settings(PolicyDeskConfig config) {
        PolicyDeskConfig.Log log = config.log();
        Path file = log.file().map(Path::of).orElse(Path.of(config.data().dir(), "decisions.db"));
        Redaction redaction = new Redaction(log.redact().hash().orElse(Set.of()), log.redact().drop().orElse(Set.of()));
        return new DecisionLogSettings(file, log.queueCapacity(), log.commitInterval(), log.whenFull(),
                log.retention().maxAge(), log.retention().maxSize().asLongValue(), redaction, Duration.ofMinutes(1));
    }

    /** A log that cannot be read is the service's failure, not the client's: a 500 with its id in the server log. */
    private static <T> T read(SqlRead<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw new IllegalStateException("the decision log cannot be read: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlRead<T> {
        T run() throws SQLException;
    }

    private static void register(MeterRegistry metrics, DecisionSink log) {
        FunctionCounter.builder("policydesk.decision.log.dropped", log, DecisionSink::dropped)
                .description("decisions answered but not logged: the queue was full and the policy is drop").register(metrics);
        FunctionCounter.builder("policydesk.decision.log.refused", log, DecisionSink::refused)
                .description("requests refused with 503: the queue was full and the policy is shed").register(metrics);
        FunctionCounter.builder("policydesk.decision.log.written", log, DecisionSink::written)
                .description("decisions committed to the log (acknowledged by the broker when it is on Kafka)").register(metrics);
        FunctionCounter.builder("policydesk.decision.log.failed", log, DecisionSink::failed)
                .description("decisions the log could not write").register(metrics);
        Gauge.builder("policydesk.decision.log.queued", log, DecisionSink::queueSize)
                .description("decisions waiting for the writer (or the broker's acknowledgement)").register(metrics);
    }
}
