package com.policydesk.service;

import com.policydesk.cluster.ClusterStatus;
import com.policydesk.cluster.ClusterTopics;
import com.policydesk.cluster.KafkaClients;
import com.policydesk.cluster.PublishedRuleSet;
import com.policydesk.cluster.PublishedRuleSets;
import com.policydesk.cluster.ReplicaName;
import com.policydesk.cluster.ReplicaStatus;
import com.policydesk.cluster.ReplicaStatusBoard;
import com.policydesk.cluster.ReplicaStatusReporter;
import com.policydesk.cluster.RuleSetPublisher;
import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.engine.RuleSetManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Several replicas on Kafka ({@code policydesk.cluster.kafka.bootstrap-servers}; without it this does nothing): every
 * replica runs the one published version. Versions that would go live here are published to the rules topic
 * ({@link RuleSetPublisher}); every replica, this one too, reads that topic ({@link PublishedRuleSets}) and installs
 * each publication; a replica that starts reads it to its end and installs the newest before it reports ready (the
 * first replica of a cluster where nothing is published yet publishes its own version). Each replica reports its
 * version and state to the status topic ({@link ReplicaStatusReporter}) and reads everyone's
 * ({@link ReplicaStatusBoard}) for {@code GET /api/v1/cluster}.
 */
@Startup
@Singleton
public class ClusterService {
    private static final Logger LOG = Logger.getLogger(ClusterService.class);
    /** A replica not heard for this many status intervals is shown silent. */
    private static final int SILENT_AFTER_INTERVALS = 3;

    private final RuleSetService rules;
    private final Clock clock = Clock.systemUTC();
    private final String replicaId;
    private final Duration statusInterval;
    private final KafkaClients clients;
    private final String rulesetsTopic;
    private final String statusTopic;
    private final PublishedRuleSets reader;
    private final RuleSetPublisher publisher;
    private final ReplicaStatusReporter reporter;
    private final ReplicaStatusBoard board;
    private volatile ReplicaStatus.State state = ReplicaStatus.State.ACTIVE;
    private volatile String problem;
    /** Whether this replica runs the published version it caught up with (or a later one). */
    private volatile boolean runsPublished = true;
    private volatile boolean stopping;

    ClusterService(PolicyDeskConfig config, RuleSetService rules) {
        this.rules = rules;
        PolicyDeskConfig.Cluster.Kafka kafka = config.cluster().kafka();
        this.replicaId = ReplicaName.of(kafka);
        this.statusInterval = kafka.statusInterval();
        this.rulesetsTopic = kafka.rulesetsTopic();
        this.statusTopic = kafka.statusTopic();
        Optional<KafkaClients> cluster = KafkaClients.of(kafka, replicaId);
        if (cluster.isEmpty()) {
            clients = null;
            reader = null;
            publisher = null;
            reporter = null;
            board = null;
            return;
        }
        clients = cluster.get();
        reader = new PublishedRuleSets(clients, rulesetsTopic, new Installer());
        publisher = new RuleSetPublisher(clients, rulesetsTopic, replicaId, reader, clock);
        reporter = new ReplicaStatusReporter(clients, statusTopic, replicaId, this::currentStatus, clock);
        board = new ReplicaStatusBoard(clients, statusTopic);
        // From now on nothing goes live here that was not published.
        rules.publishThrough(publisher);
        LOG.infof("event=cluster replica=%s bootstrap=%s rulesets=%s status=%s", replicaId, clients.bootstrapServers(),
                rulesetsTopic, statusTopic);
        Thread start = new Thread(this::join, "policydesk-cluster-start");
        start.setDaemon(true);
        start.start();
    }

    /** Whether this service runs as one replica of several. */
    public boolean enabled() {
        return clients != null;
    }

    public String replicaId() {
        return replicaId;
    }

    /**
     * Ready for traffic as far as the cluster goes: alone, always; a replica, once it has read the published rules to
     * their end and runs the newest publication (a replica that could not install it at start stays not ready; one
     * that was running keeps serving its version).
     */
    public boolean ready() {
        return !enabled() || (reader.caughtUp() && runsPublished);
    }

    /** The newest publication this replica read, if any. */
    public Optional<PublishedRuleSet> published() {
        return enabled() ? reader.latest() : Optional.empty();
    }

    /** What {@code GET /api/v1/cluster} shows. */
    public ClusterStatus status() {
        if (!enabled()) {
            throw new IllegalStateException("not a cluster");
        }
        return ClusterStatus.of(reader.latest().orElse(null), board.replicas(), clock.instant(),
                statusInterval.multipliedBy(SILENT_AFTER_INTERVALS));
    }

    /** Creates the topics if needed (waiting for Kafka as long as it takes), then follows them. */
    private void join() {
        long backoff = 500;
        while (!stopping) {
            try {
                ClusterTopics.ensure(clients, rulesetsTopic, statusTopic);
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | java.util.concurrent.TimeoutException unreachable) {
                LOG.warnf("event=cluster_unreachable bootstrap=%s reason=%s: retrying; not ready until the published "
                        + "rules are read", clients.bootstrapServers(), unreachable.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        if (stopping) {
            return;
        }
        board.start();
        reader.start();
        reporter.start(statusInterval);
    }

    private ReplicaStatus currentStatus() {
        return new ReplicaStatus(replicaId, rules.current().version(), state, problem, clock.instant());
    }

    /** What this replica does with the publications it reads. */
    private final class Installer implements PublishedRuleSets.Installer {
        @Override
        public void install(PublishedRuleSet published, long offset) {
            String trigger = "published by " + published.replica() + " (" + published.trigger() + ")";
            RuleSetManager.InstallResult result;
            try {
                result = rules.install(published.version(), published.files(), trigger);
            } catch (RuntimeException unexpected) {
                LOG.errorf(unexpected, "event=install_failed version=%s offset=%d: %s stays active", published.version(),
                        offset, rules.current().version());
                failed("cannot install " + published.version() + " (offset " + offset + "): " + unexpected);
                reporter.reportNow();
                return;
            }
            if (result.status() == RuleSetManager.Status.REJECTED) {
                String problems = result.entry() == null ? "" : result.entry().problems().stream()
                        .map(Object::toString).collect(Collectors.joining("; "));
                failed("cannot install " + published.version() + " (offset " + offset + "): " + problems);
            } else {
                state = ReplicaStatus.State.ACTIVE;
                problem = null;
                runsPublished = true;
            }
            reporter.reportNow();
        }

        @Override
        public void unreadable(long offset, String why) {
            LOG.errorf("event=install_failed offset=%d topic=%s reason=%s: the newest publication cannot be read; "
                    + "%s stays active", offset, rulesetsTopic, why, rules.current().version());
            failed("the publication at offset " + offset + " of " + rulesetsTopic + " cannot be read: " + why);
            reporter.reportNow();
        }

        @Override
        public void nothingPublished() {
            try {
                rules.publishActive("startup");
            } catch (RuleSetManager.PublicationException e) {
                LOG.errorf("event=publication_failed version=%s trigger=startup reason=%s", rules.current().version(),
                        e.getMessage());
            }
        }

        private void failed(String why) {
            state = ReplicaStatus.State.FAILED;
            problem = why;
            if (!reader.caughtUp()) {
                runsPublished = false;
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (!enabled()) {
            return;
        }
        reporter.close();
        reader.close();
        board.close();
        publisher.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
