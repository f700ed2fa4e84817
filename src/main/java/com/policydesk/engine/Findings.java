package com.policydesk.engine;

import com.policydesk.model.Finding;

/**
 * Where rules report what they conclude: the global {@code findings} of every DRL package, one instance per
 * evaluation. A rule calls {@code findings.add(Finding.about($s, "CODE", Kind.ACTION, "message"))}; the finding
 * becomes a recommendation with the name and policy id of the rule whose consequence is running.
 * <p>
 * A global rather than {@code insert}: inserting a finding puts it through the whole network, fact handle and
 * agenda included, although no rule matches findings; that was about a tenth of the cost of a decision.
 */
public final class Findings {
    /** The name DRL declares the global under. */
    public static final String GLOBAL = "findings";

    private final EvaluationRecorder recorder;

    Findings(EvaluationRecorder recorder) {
        this.recorder = recorder;
    }

    /** Reports a finding of the rule that is firing. */
    public void add(Finding finding) {
        recorder.found(finding);
    }
}
