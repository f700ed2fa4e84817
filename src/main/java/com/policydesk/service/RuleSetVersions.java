package com.policydesk.service;

import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any version that made a logged decision, as a rule set: the active, pending or a kept one from memory; an older
 * one rebuilt from the files the decision log stored with its first decision (a few rebuilt ones are cached).
 */
@Singleton
public class RuleSetVersions {
    private static final int REBUILT_KEPT = 4;

    private final RuleSetService rules;
    private final DecisionLogService log;
    private final RuleSetLoader loader;
    private final Map<String, RuleSet> rebuilt = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RuleSet> eldest) {
            return size() > REBUILT_KEPT;
        }
    };

    RuleSetVersions(RuleSetService rules, DecisionLogService log, RuleSetLoader loader) {
        this.rules = rules;
        this.log = log;
        this.loader = loader;
    }

    /** The rule set of that version; empty when neither the service nor the log knows it. */
    public Optional<RuleSet> find(String version) {
        Optional<RuleSet> inMemory = rules.find(version);
        if (inMemory.isPresent()) {
            return inMemory;
        }
        synchronized (rebuilt) {
            RuleSet cached = rebuilt.get(version);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        List<RuleFile> files = log.rulesetFiles(version);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        RuleSet ruleSet = loader.load(files, "the decision log (" + version + ")");
        synchronized (rebuilt) {
            rebuilt.put(version, ruleSet);
        }
        return Optional.of(ruleSet);
    }
}
