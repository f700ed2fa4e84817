package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The HTTP warm-up on (tests run without it), 300 requests, with a log of its own. */
public class HttpWarmupProfile implements QuarkusTestProfile {
    static final int REQUESTS = 300;
    private static final Path ROOT = CopiedRulesProfile.createRoot();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(CopiedRulesProfile.overrides(ROOT));
        overrides.put("policydesk.data.dir", ROOT.resolve("data").toString());
        overrides.put("policydesk.warmup.http-requests", String.valueOf(REQUESTS));
        return overrides;
    }
}
