package com.policydesk.impact;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.policydesk.model.Recommendation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What publishing a candidate would change, measured on logged requests.
 *
 * @param candidate the version replayed as the candidate
 * @param active    the version it is compared with
 * @param replayed  requests decided on both
 * @param changed   requests whose answers differ
 * @param skipped   logged requests that could not be replayed (a field the log dropped, or a failing evaluation)
 * @param codes     per code, in how many replayed decisions a recommendation with it was added, and removed
 * @param policies  the same per policy statement
 * @param examples  the first {@value ImpactAnalysis#MAX_EXAMPLES} changed decisions, newest first
 */
@JsonPropertyOrder({"candidate", "active", "replayed", "changed", "skipped", "codes", "policies", "examples"})
public record ImpactReport(String candidate, String active, int replayed, int changed, int skipped,
                           Map<String, Counts> codes, Map<String, Counts> policies, List<Example> examples) {
    public ImpactReport {
        codes = Collections.unmodifiableMap(new LinkedHashMap<>(codes));
        policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
        examples = List.copyOf(examples);
    }

    /** In how many decisions a recommendation was added, and removed. */
    public record Counts(int added, int removed) {
    }

    /** One changed decision: what the candidate adds to the active answer, and what it takes away. */
    public record Example(String decisionId, List<Recommendation> added, List<Recommendation> removed) {
        public Example {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }
}
