package com.policydesk.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The topics the replicas share for their rules, created when missing (an operator may create them beforehand,
 * with the same settings; existing topics are left as they are):
 * <ul>
 *   <li>the rules topic: compacted (the newest publication per pack is kept for good), one partition (publications
 *       have one order);</li>
 *   <li>the status topic: compacted (each replica's newest status), one partition, its segments rolled hourly so
 *       that compaction keeps it small although every replica reports every few seconds.</li>
 * </ul>
 * Their replication factor is the brokers' default ({@code default.replication.factor}).
 */
public final class ClusterTopics {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final Map<String, String> RULESETS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            // Publications are a few tens of KB; room for a rule set ten times larger than today's.
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(4 * 1024 * 1024));
    static final Map<String, String> STATUS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()),
            TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()));

    private ClusterTopics() {
    }

    /** Creates the topics that are missing. */
    public static void ensure(KafkaClients clients, String rulesetsTopic, String statusTopic)
            throws InterruptedException, TimeoutException {
        try (Admin admin = clients.admin("topics")) {
            KafkaClients.ensureTopic(admin, rulesetsTopic, 1, RULESETS, TIMEOUT);
            KafkaClients.ensureTopic(admin, statusTopic, 1, STATUS, TIMEOUT);
        }
    }
}
