package com.policydesk.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.api.DecisionResponse;
import com.policydesk.api.ResponseJson;
import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.PolicyDeskException;
import com.policydesk.request.RequestReader;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decides a set of request bodies on a rule set, the whole way a request goes (read, decide, write the answer), so
 * that classes are loaded, rule constraints compiled and the hot path compiled by the JIT before real requests
 * come: the service is ready only once warm, and a new rule set is warmed before it is swapped in. It goes on for
 * as long as the JIT still compiles what it runs, not for a fixed count.
 */
final class Warmup {
    /** What a warm-up did. */
    record Result(int decisions, int rounds, long millis) {
    }

    /** {@code ?explain=true} takes a path of its own (the trace): warm it too, on a few requests. */
    private static final int TRACED_ONE_IN = 8;
    /** Decisions between two looks at the JIT. */
    private static final int STEP = 100;
    /** A step during which the JIT compiled for less than this share of its time changed nothing more to warm. */
    private static final double JIT_QUIET_SHARE = 0.1;

    private final RequestReader reader;
    private final DecisionEngine engine;
    /** The answers written as the service writes them (the mapper only for traces): that is what gets compiled. */
    private final ResponseJson json;
    private final List<byte[]> bodies;
    private final Supplier<JitSettling> jit;

    Warmup(RequestReader reader, DecisionEngine engine, ObjectMapper json, List<byte[]> bodies) {
        this(reader, engine, json, bodies, () -> JitSettling.ofThisJvm(JIT_QUIET_SHARE));
    }

    Warmup(RequestReader reader, DecisionEngine engine, ObjectMapper json, List<byte[]> bodies, Supplier<JitSettling> jit) {
        this.reader = reader;
        this.engine = engine;
        this.json = new ResponseJson(json);
        this.bodies = List.copyOf(bodies);
        this.jit = jit;
    }

    /** The bodies it decides: the fact model's generated requests, then the scenarios' (some invalid on purpose). */
    List<byte[]> bodies() {
        return bodies;
    }

    /**
     * Decides the bodies in turn, round after round, as long as the JIT keeps compiling what they run (it has
     * settled when two steps of {@value #STEP} decisions in a row cost it little), and at most until {@code budget}
     * is spent; the first {@code minimum} bodies are decided whatever the budget (they reach every rule), and one in
     * eight asks for a trace too.
     */
    Result run(RuleSet ruleSet, int minimum, Duration budget) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        JitSettling settling = jit.get();
        boolean settled = false;
        int decisions = 0;
        int done = 0;
        while (done < minimum || (!settled && System.nanoTime() < deadline)) {
            decisions += decide(ruleSet, bodies.get(done % bodies.size()), done % TRACED_ONE_IN == 0);
            done++;
            if (done % STEP == 0) {
                settled = settling.settledAfterStep();
            }
        }
        int rounds = (done + bodies.size() - 1) / bodies.size();
        return new Result(decisions, rounds, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    int size() {
        return bodies.size();
    }

    private int decide(RuleSet ruleSet, byte[] body, boolean explain) {
        try {
            Decision decision = engine.evaluate(ruleSet, reader.read(body), explain);
            json.write(DecisionResponse.of("warm-up", decision, explain));
            return 1;
        } catch (PolicyDeskException | UncheckedIOException refusedOrFailed) {
            // Scenario bodies include invalid requests on purpose; reading them warms the validation path.
            return 0;
        }
    }
}
