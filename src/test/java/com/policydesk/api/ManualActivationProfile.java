package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The service on its own copy of rules/ with manual activation, and its own empty decision log: what it replays
 * is exactly what its test decided.
 */
public class ManualActivationProfile implements QuarkusTestProfile {
    private static final Path ROOT = CopiedRulesProfile.createRoot();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(CopiedRulesProfile.overrides(ROOT));
        overrides.put("policydesk.reload.activation", "manual");
        overrides.put("policydesk.rules.watch", "false");
        overrides.put("policydesk.data.dir", ROOT.resolve("data").toString());
        return overrides;
    }
}
