package com.policydesk.impact;

import com.policydesk.model.Recommendation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The counts of a replay as it goes: one per replaying thread (not thread-safe), merged at the end. Its size does not
 * grow with the number of decisions: a count per code and policy, and the newest {@value ImpactAnalysis#MAX_EXAMPLES}
 * changed decisions as examples.
 */
final class ImpactTally {
    private static final Comparator<Ordered> OLDEST_FIRST = Comparator.comparingLong(Ordered::order);

    private final Map<String, int[]> codes = new TreeMap<>();
    private final Map<String, int[]> policies = new TreeMap<>();
    /** The newest examples, the oldest of them at the head (the one to drop for a newer one). */
    private final PriorityQueue<Ordered> examples = new PriorityQueue<>(OLDEST_FIRST);
    private int replayed;
    private int changed;
    private int skipped;

    /**
     * One logged decision replayed: its difference, or null when it could not be replayed.
     *
     * @param order larger is newer: which changed decisions are kept as examples
     */
    void add(long order, String decisionId, DecisionDiff diff) {
        if (diff == null) {
            skipped++;
            return;
        }
        replayed++;
        if (diff.isEmpty()) {
            return;
        }
        changed++;
        count(diff, Recommendation::code, codes);
        count(diff, Recommendation::policy, policies);
        examples.add(new Ordered(order, new ImpactReport.Example(decisionId, diff.added(), diff.removed())));
        if (examples.size() > ImpactAnalysis.MAX_EXAMPLES) {
            examples.poll();
        }
    }

    void addAll(ImpactTally other) {
        replayed += other.replayed;
        changed += other.changed;
        skipped += other.skipped;
        merge(other.codes, codes);
        merge(other.policies, policies);
        other.examples.forEach(example -> {
            examples.add(example);
            if (examples.size() > ImpactAnalysis.MAX_EXAMPLES) {
                examples.poll();
            }
        });
    }

    int replayed() {
        return replayed;
    }

    int skipped() {
        return skipped;
    }

    ImpactReport report(String candidate, String active) {
        List<Ordered> newestFirst = new ArrayList<>(examples);
        newestFirst.sort(OLDEST_FIRST.reversed());
        return new ImpactReport(candidate, active, replayed, changed, skipped, counts(codes), counts(policies),
                newestFirst.stream().map(Ordered::example).toList());
    }

    /** Each decision counts once per code (and policy) it added, and once per code it removed. */
    private static void count(DecisionDiff diff, Function<Recommendation, String> key, Map<String, int[]> totals) {
        diff.added().stream().map(key).distinct().forEach(name -> totals.computeIfAbsent(name, n -> new int[2])[0]++);
        diff.removed().stream().map(key).distinct().forEach(name -> totals.computeIfAbsent(name, n -> new int[2])[1]++);
    }

    private static void merge(Map<String, int[]> from, Map<String, int[]> into) {
        from.forEach((name, counts) -> {
            int[] total = into.computeIfAbsent(name, n -> new int[2]);
            total[0] += counts[0];
            total[1] += counts[1];
        });
    }

    private static Map<String, ImpactReport.Counts> counts(Map<String, int[]> totals) {
        return totals.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> new ImpactReport.Counts(entry.getValue()[0], entry.getValue()[1]), (a, b) -> a, TreeMap::new));
    }

    private record Ordered(long order, ImpactReport.Example example) {
    }
}
