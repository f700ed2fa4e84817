package com.policydesk.api;

import com.policydesk.engine.RuleSet;
import com.policydesk.service.RuleSetService;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while a valid rule set is active, and once the service has warmed up on it. */
@Readiness
@Singleton
public class RuleSetReadiness implements HealthCheck {
    private final RuleSetService rules;

    RuleSetReadiness(RuleSetService rules) {
        this.rules = rules;
    }

    @Override
    public HealthCheckResponse call() {
        RuleSet current = rules.current();
        return current == null || !rules.warm()
                ? HealthCheckResponse.named("ruleset").down().withData("warm", rules.warm()).build()
                : HealthCheckResponse.named("ruleset").up().withData("version", current.version()).withData("warm", true).build();
    }
}
