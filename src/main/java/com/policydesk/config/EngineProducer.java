package com.policydesk.config;

import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSource;
import com.policydesk.request.RequestReader;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;

/** Wires the framework-free engine into Quarkus: one of each, shared by every request. */
public class EngineProducer {
    @Produces
    @Singleton
    DecisionEngine decisionEngine(PolicyDeskConfig config) {
        return new DecisionEngine(config.engine().maxRuleFirings());
    }

    @Produces
    @Singleton
    RequestReader requestReader(PolicyDeskConfig config) {
        return new RequestReader(Clock.systemUTC(), config.request().maxNestingDepth());
    }

    @Produces
    @Singleton
    RuleSetLoader ruleSetLoader(PolicyDeskConfig config) {
        return new RuleSetLoader(Clock.systemUTC(), EngineProducer.class.getClassLoader(), config.dmn().allowJavaFunctions());
    }

    @Produces
    @Singleton
    RuleSource ruleSource(PolicyDeskConfig config) {
        return RuleSource.folderOrBundled(Path.of(config.rules().dir()), EngineProducer.class.getClassLoader());
    }
}
