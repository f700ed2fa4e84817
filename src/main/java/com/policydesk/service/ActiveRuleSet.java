package com.policydesk.service;

import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSource;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rule set that decides requests now. Loaded once at start-up: an invalid rule set stops the service with
 * every problem listed. Requests read the snapshot once and decide on it to the end.
 */
@Startup
@Singleton
public class ActiveRuleSet {
    private static final Logger LOG = Logger.getLogger(ActiveRuleSet.class);

    private final AtomicReference<RuleSet> active = new AtomicReference<>();

    ActiveRuleSet(RuleSetLoader loader, RuleSource source) {
        LOG.infof("Loading rules from %s", source.describe());
        long started = System.nanoTime();
        RuleSet ruleSet = loader.load(source);
        active.set(ruleSet);
        LOG.infof("Rule set %s active: %d files, %d rules, %d DMN decisions, loaded in %d ms", ruleSet.version(),
                ruleSet.files().size(), ruleSet.rules().size(), ruleSet.decisions().size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** The active snapshot; never null once the service has started. */
    public RuleSet current() {
        return active.get();
    }
}
