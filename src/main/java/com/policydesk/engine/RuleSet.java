package com.policydesk.engine;

import org.kie.api.KieBase;
import org.kie.api.definition.rule.Global;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable, compiled and validated rule set: a snapshot that any number of evaluations share. Built by
 * {@link RuleSetLoader}; never changed afterwards, so that a new version is a new snapshot.
 */
public final class RuleSet {
    /** Sessions made up front; the pool grows under load beyond this. */
    private static final int SESSION_POOL_SIZE = 4;

    private final String version;
    private final Instant loadedAt;
    private final String source;
    private final List<RuleFile> files;
    private final List<RuleInfo> rules;
    private final KieBase kieBase;
    private final DmnCatalog dmn;
    private final Set<String> globals;
    private final KieSessionsPool sessions;
    private final Map<String, String> policiesByRule;
    private final LoadProfile loadProfile;

    RuleSet(String version, Instant loadedAt, String source, List<RuleFile> files, List<RuleInfo> rules,
            KieBase kieBase, DmnCatalog dmn, LoadProfile loadProfile) {
        this.version = version;
        this.loadedAt = loadedAt;
        this.source = source;
        this.files = List.copyOf(files);
        this.rules = List.copyOf(rules);
        this.policiesByRule = rules.stream().collect(Collectors.toUnmodifiableMap(RuleInfo::name, RuleInfo::policy));
        this.kieBase = kieBase;
        this.dmn = dmn;
        this.loadProfile = loadProfile;
        this.sessions = kieBase.newKieSessionsPool(SESSION_POOL_SIZE);
        this.globals = kieBase.getKiePackages().stream()
                .flatMap(kiePackage -> kiePackage.getGlobalVariables().stream())
                .map(Global::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code pack@hash}: the pack name(s) and the first 12 hex digits of the content hash. */
    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Where the files came from: a folder, or the bundled copy. */
    public String source() {
        return source;
    }

    public List<RuleFile> files() {
        return files;
    }

    public List<RuleInfo> rules() {
        return rules;
    }

    /** How the compiled parts were obtained, and how long each took. */
    public LoadProfile loadProfile() {
        return loadProfile;
    }

    /** Every DMN decision, as {@code Model/Decision}. */
    public List<String> decisions() {
        return dmn.decisionNames();
    }

    /** Every row of every DMN decision table. */
    public List<DecisionTableRow> decisionTableRows() {
        return dmn.rows();
    }

    /** Whether some package declares the global: setting an undeclared global is an error. */
    boolean declaresGlobal(String name) {
        return globals.contains(name);
    }

    /**
     * A fresh session for one evaluation, from a pool: a disposed session is reset and reused, which spares the
     * allocation of a new one per request. Dispose it when done.
     */
    KieSession newSession() {
        return sessions.newKieSession();
    }

    /** Each rule's policy id, by rule name. */
    Map<String, String> policiesByRule() {
        return policiesByRule;
    }

    KieBase kieBase() {
        return kieBase;
    }

    DmnCatalog dmn() {
        return dmn;
    }

    @Override
    public String toString() {
        return version;
    }
}
