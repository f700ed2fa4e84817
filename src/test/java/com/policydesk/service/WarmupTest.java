package com.policydesk.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.FiredRule;
import com.policydesk.engine.RuleInfo;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.WarmupRequests;
import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up set is made from the fact model, and reaches every rule of the bundled policy all the same. */
class WarmupTest {
    private static final RuleSet BUNDLED = new RuleSetLoader().loadFolder(Path.of("rules"));
    private final DecisionEngine engine = new DecisionEngine();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void theGeneratedRequestsFireEveryRuleOfTheBundledPolicy() {
        Set<String> fired = new TreeSet<>();
        for (DecisionRequest request : WarmupRequests.spread()) {
            engine.evaluate(BUNDLED, request, true).firedRules().stream().map(FiredRule::rule).forEach(fired::add);
        }

        assertThat(fired).containsExactlyInAnyOrderElementsOf(BUNDLED.rules().stream().map(RuleInfo::name).toList());
    }

    @Test
    void theGeneratedRequestsAreValidRequestsOnTheWire() throws Exception {
        RequestReader reader = new RequestReader();
        for (DecisionRequest request : WarmupRequests.spread()) {
            assertThat(reader.read(json.writeValueAsBytes(request))).isEqualTo(request);
        }
    }

    @Test
    void aWarmupDecidesTheMinimumWhateverTheBudgetAndCountsOnlyDecidedBodies() throws Exception {
        byte[] valid = json.writeValueAsBytes(WarmupRequests.spread().get(0));
        byte[] invalid = "{\"partner\": 1}".getBytes();
        Warmup warmup = new Warmup(new RequestReader(), engine, json, List.of(valid, invalid, valid));

        Warmup.Result result = warmup.run(BUNDLED, 5, Duration.ZERO);

        assertThat(result.decisions()).as("bodies 1, 3, 4 are valid; 2 and 5 are refused").isEqualTo(3);
        assertThat(result.rounds()).isEqualTo(2);
    }

    @Test
    void aWarmupEndsOnceTheJitHasStoppedCompilingEvenWithBudgetLeft() throws Exception {
        byte[] valid = json.writeValueAsBytes(WarmupRequests.spread().get(0));
        JitSettling idleJit = new JitSettling(() -> 0, 0.1);
        Warmup warmup = new Warmup(new RequestReader(), engine, json, List.of(valid), () -> idleJit);

        Warmup.Result result = warmup.run(BUNDLED, 5, Duration.ofHours(1));

        assertThat(result.decisions()).as("two steps of 100 decisions during which the JIT compiled nothing").isEqualTo(200);
    }

    @Test
    void aWarmupGoesOnWhileTheJitCompilesUntilItsBudgetIsSpent() throws Exception {
        byte[] valid = json.writeValueAsBytes(WarmupRequests.spread().get(0));
        AtomicLong compiled = new AtomicLong();
        JitSettling busyJit = new JitSettling(() -> compiled.addAndGet(60_000), 0.1);
        Warmup warmup = new Warmup(new RequestReader(), engine, json, List.of(valid), () -> busyJit);

        Warmup.Result result = warmup.run(BUNDLED, 5, Duration.ofMillis(500));

        assertThat(result.millis()).as("a JIT that compiles for a minute at every step never settles").isGreaterThanOrEqualTo(500);
    }
}
