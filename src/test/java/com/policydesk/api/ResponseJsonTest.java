package com.policydesk.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.model.Cloud;
import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;
import com.policydesk.scenario.Scenario;
import com.policydesk.scenario.ScenarioSuite;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written answer is byte for byte what the application's object mapper writes. */
@QuarkusTest
class ResponseJsonTest {
    @Inject
    ObjectMapper mapper;
    @Inject
    ResponseJson responses;

    @Test
    void everyScenarioAnswerIsWrittenAsTheMapperWritesIt() throws Exception {
        RuleSet rules = new RuleSetLoader().loadFolder(Path.of("rules"));
        DecisionEngine engine = new DecisionEngine();
        RequestReader reader = new RequestReader();
        int answers = 0;
        for (ScenarioSuite.Loaded loaded : ScenarioSuite.load(Path.of("test-scenarios"), null)) {
            for (Scenario scenario : loaded.file().scenarios()) {
                if (scenario.expectError() == null) {
                    Decision decision = engine.evaluate(rules, reader.read(scenario.body()));
                    DecisionResponse response = DecisionResponse.of("id-" + answers++, decision, false);
                    assertThat(text(responses.write(response))).as(scenario.displayName())
                            .isEqualTo(text(mapper.writeValueAsBytes(response)));
                }
            }
        }
        assertThat(answers).isGreaterThan(200);
    }

    @Test
    void detailsOfEveryKindAreWrittenAsTheMapperWritesThem() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("text", "quote \" backslash \\ newline \n tab \t é ✓ \u0001");
        details.put("int", 7);
        details.put("long", 1L << 40);
        details.put("negative", -3);
        details.put("decimal", 1.25);
        details.put("big", new BigDecimal("12345678901234567890.5"));
        details.put("yes", true);
        details.put("cloud", Cloud.GERMANY);
        details.put("date", LocalDate.of(2027, 3, 31));
        details.put("list", List.of("a", "b"));
        details.put("withNull", Arrays.asList("a", null));
        details.put("nested", Map.of("inner", List.of(1, 2)));
        details.put("empty", List.of());
        Recommendation recommendation = new Recommendation("A_CODE", Kind.WARNING, null, "MC-1", "A rule",
                "A message", details);
        DecisionResponse response = new DecisionResponse("id", "pack@0123456789ab", LocalDate.of(2026, 11, 23),
                new ArrayList<>(List.of(recommendation)), null);

        assertThat(text(responses.write(response))).isEqualTo(text(mapper.writeValueAsBytes(response)));
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
