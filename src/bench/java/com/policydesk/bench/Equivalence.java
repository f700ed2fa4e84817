package com.policydesk.bench;

import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fairness check, without JUnit: on the benchmark inputs and on varied requests, the hand-written baseline and
 * the engine must give the same set of (code, kind, subscription id). It also counts the requests on which the
 * whole recommendation lists (order, policy, rule, message, details) are equal, which is reported but not required.
 * Runs in every benchmark fork's set-up, and on its own: {@code bash bench/jmh.sh --check}.
 */
public final class Equivalence {
    public static final int RANDOM_REQUESTS = 300;

    private Equivalence() {
    }

    /** What the comparison found. */
    public record Report(int compared, int identical, List<String> mismatches) {
        public boolean ok() {
            return mismatches.isEmpty();
        }

        @Override
        public String toString() {
            return "baseline vs engine: " + compared + " requests compared, " + mismatches.size()
                    + " with different (code, kind, subscriptionId) sets, " + identical
                    + " with identical full recommendation lists (order, policy, rule, message, details)";
        }
    }

    public static Report compare(RuleSet ruleSet, DecisionEngine engine, HandWrittenPolicy baseline, List<DecisionRequest> requests) {
        List<String> mismatches = new ArrayList<>();
        int identical = 0;
        for (int i = 0; i < requests.size(); i++) {
            DecisionRequest request = requests.get(i);
            Decision decision = engine.evaluate(ruleSet, request);
            List<Recommendation> byHand = baseline.decide(request);
            Set<String> expected = triples(decision.recommendations());
            Set<String> actual = triples(byHand);
            if (!expected.equals(actual)) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(actual);
                Set<String> extra = new TreeSet<>(actual);
                extra.removeAll(expected);
                mismatches.add("request #" + i + " (customer " + request.customer().id() + "): baseline lacks " + missing
                        + ", has extra " + extra);
            } else if (decision.recommendations().equals(byHand)) {
                identical++;
            }
        }
        return new Report(requests.size(), identical, mismatches);
    }

    /** Throws when the baseline and the engine disagree: a benchmark that compares them would not be fair. */
    public static Report require(RuleSet ruleSet, DecisionEngine engine, HandWrittenPolicy baseline) {
        Report report = compare(ruleSet, engine, baseline, BenchInputs.varied(RANDOM_REQUESTS));
        if (!report.ok()) {
            throw new IllegalStateException(report + "\n  " + String.join("\n  ", report.mismatches().subList(0,
                    Math.min(10, report.mismatches().size()))) + "\nThe baseline no longer implements the rules in "
                    + BenchInputs.rulesDir() + ": update HandWrittenPolicy before comparing.");
        }
        return report;
    }

    private static Set<String> triples(List<Recommendation> recommendations) {
        Set<String> triples = new TreeSet<>();
        for (Recommendation r : recommendations) {
            triples.add("(" + r.code() + ", " + r.kind() + ", " + r.subscriptionId() + ")");
        }
        return triples;
    }

    /** {@code java ... com.policydesk.bench.Equivalence}: the check alone, exit status 1 on a mismatch. */
    public static void main(String[] args) {
        BenchLogging.likeTheService();
        RuleSet ruleSet = new RuleSetLoader().loadFolder(BenchInputs.rulesDir());
        HandWrittenPolicy baseline = new HandWrittenPolicy(AzureServicesTable.load(BenchInputs.azureServicesDmn()));
        Report report = compare(ruleSet, new DecisionEngine(), baseline, BenchInputs.varied(RANDOM_REQUESTS));
        System.out.println("rule set " + ruleSet.version() + ": " + report);
        report.mismatches().forEach(m -> System.out.println("  " + m));
        System.exit(report.ok() ? 0 : 1);
    }
}
