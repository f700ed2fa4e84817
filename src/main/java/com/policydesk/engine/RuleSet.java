package com.policydesk.engine;

import org.kie.api.KieBase;

import java.time.Instant;
import java.util.List;

/**
 * An immutable, compiled and validated rule set: a snapshot that any number of evaluations share. Built by
 * {@link RuleSetLoader}; never changed afterwards, so that a new version is a new snapshot.
 */
public final class RuleSet {
    private final String version;
    private final Instant loadedAt;
    private final String source;
    private final List<RuleFile> files;
    private final List<RuleInfo> rules;
    private final KieBase kieBase;
    private final DmnCatalog dmn;
    private final boolean usesDmnGlobal;

    RuleSet(String version, Instant loadedAt, String source, List<RuleFile> files, List<RuleInfo> rules,
            KieBase kieBase, DmnCatalog dmn) {
        this.version = version;
        this.loadedAt = loadedAt;
        this.source = source;
        this.files = List.copyOf(files);
        this.rules = List.copyOf(rules);
        this.kieBase = kieBase;
        this.dmn = dmn;
        this.usesDmnGlobal = kieBase.getKiePackages().stream()
                .anyMatch(kiePackage -> !kiePackage.getGlobalVariables().isEmpty());
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

    /** Every DMN decision, as {@code Model/Decision}. */
    public List<String> decisions() {
        return dmn.decisionNames();
    }

    /** Every row of every DMN decision table. */
    public List<DecisionTableRow> decisionTableRows() {
        return dmn.rows();
    }

    /** Whether the rules declare the global {@code dmn}: setting an undeclared global is an error. */
    boolean usesDmnGlobal() {
        return usesDmnGlobal;
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
