package com.policydesk.api;

import com.policydesk.cluster.BulkDecisions;
import com.policydesk.cluster.KafkaBulk;
import com.policydesk.cluster.KafkaClients;
import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.service.ClusterService;
import com.policydesk.service.RuleSetService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Bulk decisions over Kafka, the API's other door: started with the service when the cluster is on
 * ({@code policydesk.cluster.kafka.bootstrap-servers}) and {@code bulk-enabled}, polling only once the replica is
 * ready (its rules active and warm, and the published version running); stopped before the decision log closes,
 * so that the last poll is logged.
 */
@Singleton
public class BulkEndpoint {
    private static final Logger LOG = Logger.getLogger(BulkEndpoint.class);

    private final PolicyDeskConfig.Cluster.Kafka kafka;
    private final BulkAnswers answers;
    private final RuleSetService rules;
    private final ClusterService cluster;
    private BulkDecisions bulk;

    BulkEndpoint(PolicyDeskConfig config, BulkAnswers answers, RuleSetService rules, ClusterService cluster) {
        this.kafka = config.cluster().kafka();
        this.answers = answers;
        this.rules = rules;
        this.cluster = cluster;
    }

    void start(@Observes StartupEvent event) {
        if (kafka.bulkEnabled()) {
            // Ready as the readiness check means it: rules warm, and (several replicas) the published version running.
            String replica = cluster.replicaId();
            KafkaClients.of(kafka, replica).ifPresent(clients -> bulk = KafkaBulk.start(clients, kafka, replica, answers,
                    () -> rules.warm() && cluster.ready()));
        }
    }

    /** Before the decision log's own shutdown observer (default priority), which closes the sink. */
    void stop(@Observes @Priority(1000) ShutdownEvent event) throws InterruptedException {
        if (bulk != null) {
            bulk.close();
            LOG.infof("Bulk decisions stopped: %d answered, %d polls read again", bulk.answered(), bulk.redelivered());
        }
    }
}
