package com.policydesk.cluster;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * A real broker for a {@code @QuarkusTest} profile (the test JVM's shared one): the bulk and log topics made before
 * the service starts (two request partitions, so that a group could share them), and the cluster settings pointing
 * at it, every topic named under {@code bulk-test}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {
    private static final String PREFIX = "bulk-test";
    static final String REQUESTS = PREFIX + ".requests";
    static final String ANSWERS = PREFIX + ".recommendations";
    static final String DECISIONS = PREFIX + ".decisions";
    private static volatile KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            broker = KafkaBroker.shared();
            broker.createTopic(REQUESTS, 2);
            broker.createTopic(ANSWERS, 2);
            broker.createTopic(DECISIONS, 2);
        } catch (Exception e) {
            throw new IllegalStateException("the test broker did not start: " + e.getMessage(), e);
        }
        Map<String, String> settings = new HashMap<>(broker.serviceSettings(PREFIX));
        settings.put("policydesk.log.sink", "kafka");
        return settings;
    }

    /** The shared broker outlives the service: the JVM's exit stops it. */
    @Override
    public void stop() {
    }

    static KafkaBroker broker() {
        return broker;
    }
}
