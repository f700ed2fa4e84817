package com.policydesk.api;

import com.policydesk.cluster.PublishedRuleSet;
import com.policydesk.service.ClusterService;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * A replica of several is ready only once it has read the published rules to their end and runs the newest
 * publication (with {@link RuleSetReadiness}: warm on it). A service that runs alone is always ready here.
 */
@Readiness
@Singleton
public class ClusterReadiness implements HealthCheck {
    private final ClusterService cluster;

    ClusterReadiness(ClusterService cluster) {
        this.cluster = cluster;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster").status(cluster.ready());
        if (cluster.enabled()) {
            response.withData("replica", cluster.replicaId())
                    .withData("published", cluster.published().map(PublishedRuleSet::version).orElse("none"));
        } else {
            response.withData("alone", true);
        }
        return response.build();
    }
}
