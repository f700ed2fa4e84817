package com.policydesk.service;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.log.StoredDecision;
import com.policydesk.request.RequestReader;
import com.policydesk.scenario.DecisionScenarios;
import com.policydesk.scenario.KeptScenario;
import com.policydesk.scenario.SuiteFiles;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * "Keep as scenario": a logged decision written as a scenario of the suites (policydesk.scenarios.dir), answered,
 * and when a suite is named, added to that suite file of its pack.
 */
@Singleton
public class DecisionScenarioService {
    private final DecisionLogService log;
    private final DecisionScenarios scenarios;
    private final Path folder;

    DecisionScenarioService(PolicyDeskConfig config, DecisionLogService log, RuleSetVersions versions,
                            DecisionEngine engine, RequestReader reader) {
        this.log = log;
        this.scenarios = new DecisionScenarios(reader, engine, versions::find,
                DecisionLogService.settings(config).redaction());
        this.folder = Path.of(config.scenarios().dir());
    }

    /**
     * The decision as a scenario; empty when the log has no such decision.
     *
     * @param suite null to write nothing; else the suite file to add it to
     * @throws com.policydesk.scenario.KeepRefusedException when its request was redacted, or the suite refuses it
     * @throws LogNotQueryableException                      when the log is on Kafka
     */
    public Optional<Kept> keep(String decisionId, String id, String description, String suite) {
        Optional<StoredDecision> stored = log.find(decisionId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        KeptScenario kept = scenarios.scenario(stored.get(), id, description);
        if (suite == null) {
            return Optional.of(new Kept(kept, null));
        }
        String relative;
        try {
            relative = SuiteFiles.relativePath(suite, kept.packs());
        } catch (IllegalArgumentException notASuite) {
            throw new InvalidRequestException(List.of(new FieldError("suite", notASuite.getMessage())));
        }
        SuiteFiles.add(folder, relative, kept);
        return Optional.of(new Kept(kept, relative));
    }

    /** A kept scenario, and the suite file it was added to (null when none was named). */
    public record Kept(KeptScenario scenario, String suite) {
    }
}
