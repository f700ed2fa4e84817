package com.policydesk.cluster;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The service with the cluster on a real test broker: its decision log on Kafka, bulk requests consumed. */
public class KafkaClusterProfile implements QuarkusTestProfile {
    static final String TOKEN = "kafka-admin-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        // the topics and the bulk group come from KafkaBrokerResource
        return Map.of("policydesk.admin.token", TOKEN, "policydesk.rules.watch", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KafkaBrokerResource.class));
    }
}
