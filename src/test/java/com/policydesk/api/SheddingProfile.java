package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A decision log that cannot keep up: a queue of one, and a commit window of an hour that keeps the writer holding
 * its first decision. Every request after the first two or so finds the queue full.
 */
public class SheddingProfile implements QuarkusTestProfile {
    private static final Path ROOT = CopiedRulesProfile.createRoot();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(CopiedRulesProfile.overrides(ROOT));
        overrides.put("policydesk.data.dir", ROOT.resolve("data").toString());
        overrides.put("policydesk.log.queue-capacity", "1");
        overrides.put("policydesk.log.commit-interval", "1h");
        return overrides;
    }
}
