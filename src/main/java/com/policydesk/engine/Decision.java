package com.policydesk.engine;

import com.policydesk.model.Recommendation;

import java.time.LocalDate;
import java.util.List;

/**
 * The outcome of one evaluation.
 *
 * @param ruleset         the version of the rule set that decided
 * @param asOf            the day decided for
 * @param recommendations in the contract's order, one per (code, subscription)
 * @param firedRules      with a trace: every rule that fired, in order, with the facts it matched; else empty
 * @param dmnEvaluations  with a trace: every DMN decision the rules asked for, in order; else empty
 */
public record Decision(
        String ruleset,
        LocalDate asOf,
        List<Recommendation> recommendations,
        List<FiredRule> firedRules,
        List<DmnEvaluation> dmnEvaluations) {

    public Decision {
        recommendations = List.copyOf(recommendations);
        firedRules = List.copyOf(firedRules);
        dmnEvaluations = List.copyOf(dmnEvaluations);
    }
}
