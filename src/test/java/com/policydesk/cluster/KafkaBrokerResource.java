package com.policydesk.cluster;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A real broker for a {@code @QuarkusTest} profile: started before the service, with the bulk and log topics made
 * (two request partitions, so that a group could share them), and the cluster settings pointing at it.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    static final String REQUESTS = "test.requests";
    static final String ANSWERS = "test.recommendations";
    static final String DECISIONS = "test.decisions";
    private static volatile KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = KafkaBroker.start();
            broker.createTopic(REQUESTS, 2);
            broker.createTopic(ANSWERS, 2);
            broker.createTopic(DECISIONS, 2);
        } catch (Exception e) {
            throw new IllegalStateException("the test broker did not start: " + e.getMessage(), e);
        }
        return Map.of(
                "policydesk.cluster.kafka.bootstrap-servers", broker.bootstrapServers(),
                "policydesk.cluster.kafka.requests-topic", REQUESTS,
                "policydesk.cluster.kafka.recommendations-topic", ANSWERS,
                "policydesk.cluster.kafka.decisions-topic", DECISIONS,
                "policydesk.log.sink", "kafka");
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static KafkaBroker broker() {
        return broker;
    }
}
