package com.policydesk.api;

import com.policydesk.RulesCopies;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service on a copy of rules/ in a temporary folder, which tests may edit, with a small scenario suite as its
 * reload gate and the admin API enabled.
 */
public class CopiedRulesProfile implements QuarkusTestProfile {
    static final String TOKEN = "test-admin-token";
    /**
     * The reload gate's suite here: small on purpose, so that tests can change a table row without breaking it,
     * and break it by renaming the code it expects.
     */
    public static final String GATE_SUITE = """
            description: The scenario the reload gate runs in these tests
            policies: [MC-4]
            scenarios:
              - id: live-third-party-license-must-wait
                description: the contract's example subscription S-1 must wait for its end date
                given:
                  asOf: 2026-11-23
                  partner: { id: P-100, role: DIRECT_PARTNER }
                  customer:
                    id: C-1
                    subscriptions:
                      - { id: S-1, billing: LICENSE, channel: THIRD_PARTY, status: ACTIVE, endDate: 2027-03-31 }
                expect:
                  - { code: LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL, subscriptionId: S-1, kind: BLOCKER }
            """;
    private static final Path ROOT = createRoot();

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides(ROOT);
    }

    /** The settings of a service on the copy under {@code root}. */
    static Map<String, String> overrides(Path root) {
        return Map.of(
                "policydesk.rules.dir", root.resolve("rules").toString(),
                "policydesk.scenarios.dir", root.resolve("test-scenarios").toString(),
                "policydesk.rules.watch-quiet-period", "200ms",
                "policydesk.admin.token", TOKEN);
    }

    /** A temporary folder with a copy of rules/ and the gate's suite. */
    static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("policydesk-rules-");
            RulesCopies.copy(Path.of("rules"), root.resolve("rules"));
            Path suite = Files.createDirectories(root.resolve("test-scenarios/multichannel"));
            Files.writeString(suite.resolve("gate.yaml"), GATE_SUITE);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
