package com.policydesk.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioParserTest {
    private final ScenarioParser parser = new ScenarioParser();

    private static final String FILE = """
            description: A small suite
            policies: [MC-4]
            fragments:
              partner:
                asOf: 2026-11-23
                partner: { id: P-100, role: DIRECT_PARTNER }
                customer: { id: C-1, cloud: GLOBAL }
            scenarios:
              - id: merged
                description: the fragment and the scenario's own fields make one request
                uses: [partner]
                given:
                  customer:
                    subscriptions:
                      - { id: S-1, billing: LICENSE, channel: THIRD_PARTY, status: ACTIVE, endDate: 2027-03-31 }
                exactly: true
                expect:
                  - code: LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL
                    subscriptionId: S-1
                    details: { daysUntilEnd: 128 }
                  - code: REQUEST_CUSTOMER_RELATIONSHIP
                    subscriptionId: null
                expectNot:
                  - code: LICENSE_BUY_NEW_IN_CSP
              - id: raw
                description: raw JSON for what YAML cannot say
                givenJson: '[1, 2]'
                expectError: { code: invalid_request, paths: [""] }
            """;

    @Test
    void mergesFragmentsUnderTheScenariosOwnFieldsKeyByKey() throws IOException {
        Scenario merged = parser.parse("suite.yaml", FILE).scenarios().get(0);

        assertThat(new ObjectMapper().readTree(merged.body())).isEqualTo(new ObjectMapper().readTree("""
                {"asOf": "2026-11-23", "partner": {"id": "P-100", "role": "DIRECT_PARTNER"},
                 "customer": {"id": "C-1", "cloud": "GLOBAL", "subscriptions": [
                   {"id": "S-1", "billing": "LICENSE", "channel": "THIRD_PARTY", "status": "ACTIVE", "endDate": "2027-03-31"}]}}
                """));
        assertThat(merged.exactly()).isTrue();
        assertThat(merged.line()).isEqualTo(9);
        assertThat(merged.displayName()).isEqualTo("suite.yaml › merged the fragment and the scenario's own fields make one request");
    }

    @Test
    void tellsAnAbsentSubscriptionFromAnExplicitNull() {
        Scenario merged = parser.parse("suite.yaml", FILE).scenarios().get(0);

        assertThat(merged.expect()).extracting(Scenario.Expected::hasSubscriptionId, Scenario.Expected::subscriptionId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, "S-1"), org.assertj.core.groups.Tuple.tuple(true, null));
        assertThat(merged.expectNot().get(0).hasSubscriptionId()).isFalse();
    }

    @Test
    void takesRawJsonAndAnExpectedError() {
        Scenario raw = parser.parse("suite.yaml", FILE).scenarios().get(1);

        assertThat(new String(raw.body(), StandardCharsets.UTF_8)).isEqualTo("[1, 2]");
        assertThat(raw.expectError()).isEqualTo(new Scenario.ExpectedError("invalid_request", java.util.List.of("")));
    }

    @Test
    void anUnknownKeyIsAnErrorNamingFileAndLine() {
        String typo = FILE.replace("    expectNot:", "    expctNot:");

        assertThatThrownBy(() -> parser.parse("multichannel/suite.yaml", typo))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith("multichannel/suite.yaml:23: unknown key 'expctNot' in scenario 'merged'");
    }

    @Test
    void anUnknownFragmentIsAnError() {
        assertThatThrownBy(() -> parser.parse("suite.yaml", FILE.replace("uses: [partner]", "uses: [partnr]")))
                .hasMessageContaining("uses unknown fragment 'partnr'");
    }

    @Test
    void aScenarioThatExpectsNothingIsAnError() {
        String nothing = """
                description: d
                policies: [MC-1]
                scenarios:
                  - id: empty
                    description: expects nothing
                    given: { asOf: 2026-11-23 }
                """;
        assertThatThrownBy(() -> parser.parse("suite.yaml", nothing)).hasMessageContaining("expects nothing");
    }

    @Test
    void aRepeatedScenarioIdIsAnError() {
        String twice = FILE.replace("- id: raw", "- id: merged");
        assertThatThrownBy(() -> parser.parse("suite.yaml", twice)).hasMessageContaining("scenario id 'merged' is used twice");
    }

    @Test
    void invalidYamlIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> parser.parse("suite.yaml", "description: [unclosed\npolicies: []\n"))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("suite.yaml:")
                .hasMessageContaining("not valid YAML");
    }
}
