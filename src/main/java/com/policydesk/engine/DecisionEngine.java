package com.policydesk.engine;

import com.policydesk.error.EvaluationException;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Finding;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates requests against a rule set: a new session per evaluation from the rule set's shared, compiled rule
 * base, disposed when the evaluation ends, so nothing is compiled per request and evaluations never see each
 * other's facts. (A stateless session does the same inside; the session is used directly because only
 * {@code fireAllRules(max)} bounds a rule set that does not settle and says how many rules fired.)
 * Rules receive the request, its partner, customer, intent and each subscription as facts, and the global
 * {@code dmn}; they report what they conclude through the global {@code findings} ({@link Findings}). Thread-safe.
 */
public final class DecisionEngine {
    /** Enough for 1,000 subscriptions with dozens of rules each; a looping rule reaches it in milliseconds. */
    public static final int DEFAULT_MAX_RULE_FIRINGS = 100_000;

    private static final ClassObjectFilter INSERTED_FINDINGS = new ClassObjectFilter(Finding.class);

    private final int maxRuleFirings;

    public DecisionEngine() {
        this(DEFAULT_MAX_RULE_FIRINGS);
    }

    public DecisionEngine(int maxRuleFirings) {
        if (maxRuleFirings < 1) {
            throw new IllegalArgumentException("maxRuleFirings must be positive, was " + maxRuleFirings);
        }
        this.maxRuleFirings = maxRuleFirings;
    }

    /**
     * Decides one request.
     *
     * @throws EvaluationException when the rule set does not settle within the firing limit, a rule fails, or a
     *                             DMN decision it asks for fails
     */
    public Decision evaluate(RuleSet ruleSet, DecisionRequest request) {
        return evaluate(ruleSet, request, false);
    }

    /**
     * Decides one request; with {@code trace}, the decision also lists every rule that fired with the facts it
     * matched and every DMN decision asked (for {@code ?explain=true}, scenario reports and coverage), which costs a
     * little per firing.
     *
     * @throws EvaluationException as {@link #evaluate(RuleSet, DecisionRequest)}
     */
    public Decision evaluate(RuleSet ruleSet, DecisionRequest request, boolean trace) {
        KieSession session = ruleSet.newSession();
        EvaluationRecorder recorder;
        DmnDecisions dmn = new DmnDecisions(ruleSet.dmn(), trace);
        int fired;
        try {
            recorder = new EvaluationRecorder(ruleSet, session, trace);
            fired = evaluate(ruleSet, session, request, recorder, dmn);
        } finally {
            session.dispose();
        }
        if (fired >= maxRuleFirings) {
            throw new EvaluationException("rule_firing_limit", "the rule set " + ruleSet.version()
                    + " did not settle: stopped at the limit of " + maxRuleFirings + " rule firings; most fired: "
                    + mostFiredRule(ruleSet, request));
        }
        return new Decision(ruleSet.version(), request.asOf(),
                RecommendationOrder.uniqueAndOrdered(recorder.recommendations()),
                recorder.firedRules(), dmn.evaluations());
    }

    /** Inserts the request's facts into the session and fires its rules: how many fired. */
    private int evaluate(RuleSet ruleSet, KieSession session, DecisionRequest request, EvaluationRecorder recorder,
                         DmnDecisions dmn) {
        setGlobalIfDeclared(ruleSet, session, DmnDecisions.GLOBAL, dmn);
        setGlobalIfDeclared(ruleSet, session, Findings.GLOBAL, new Findings(recorder));
        int fired = fire(session, factsOf(request));
        requireNoInsertedFindings(ruleSet, session);
        return fired;
    }

    /**
     * The same evaluation again, firings counted by rule: the likely culprit of a rule set that did not settle. Only
     * on that failure, so that an evaluation that settles never pays for the counting.
     */
    private String mostFiredRule(RuleSet ruleSet, DecisionRequest request) {
        KieSession session = ruleSet.newSession();
        try {
            FiringCounter counter = new FiringCounter();
            session.addEventListener(counter);
            evaluate(ruleSet, session, request, new EvaluationRecorder(ruleSet, session, false),
                    new DmnDecisions(ruleSet.dmn(), false));
            return counter.mostFired();
        } catch (EvaluationException failedAgain) {
            return "unknown (" + failedAgain.getMessage() + ")";
        } finally {
            session.dispose();
        }
    }

    private static void setGlobalIfDeclared(RuleSet ruleSet, KieSession session, String name, Object value) {
        if (ruleSet.declaresGlobal(name)) {
            session.setGlobal(name, value);
        }
    }

    /** An inserted finding would be lost without a word: findings are reported through the global. */
    private static void requireNoInsertedFindings(RuleSet ruleSet, KieSession session) {
        if (!session.getObjects(INSERTED_FINDINGS).isEmpty()) {
            throw new EvaluationException("rule_failed", "a rule of " + ruleSet.version() + " inserted a Finding;"
                    + " rules report findings with findings.add(...), see rules/README.md");
        }
    }

    private int fire(KieSession session, List<Object> facts) {
        try {
            facts.forEach(session::insert);
            return session.fireAllRules(maxRuleFirings);
        } catch (RuntimeException e) {
            throw asEvaluationFailure(e);
        }
    }

    private static List<Object> factsOf(DecisionRequest request) {
        List<Object> facts = new ArrayList<>(4 + request.customer().subscriptions().size());
        facts.add(request);
        facts.add(request.partner());
        facts.add(request.customer());
        facts.add(request.intent());
        facts.addAll(request.customer().subscriptions());
        return facts;
    }

    private static EvaluationException asEvaluationFailure(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EvaluationException known) {
                return known;
            }
        }
        return new EvaluationException("rule_failed", "a rule failed: " + failure.getMessage(), failure);
    }
}
