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
}
