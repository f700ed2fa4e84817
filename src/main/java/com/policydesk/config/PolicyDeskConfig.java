package com.policydesk.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** PolicyDesk's settings ({@code policydesk.*} in application.properties, or {@code POLICYDESK_*} in the environment). */
@ConfigMapping(prefix = "policydesk")
public interface PolicyDeskConfig {
    Rules rules();

    Engine engine();

    Request request();

    interface Rules {
        /** The rules folder, relative to the working directory; when it does not exist, the bundled copy is used. */
        @WithDefault("rules")
        String dir();
    }

    interface Engine {
        /** Rule firings after which an evaluation is stopped as a rule set that does not settle. */
        @WithDefault("100000")
        int maxRuleFirings();
    }

    interface Request {
        /** The largest request body accepted; a larger one is refused with 413. */
        @WithDefault("1M")
        MemorySize maxBodySize();

        /** The deepest JSON nesting accepted; the contract's requests need 5 levels. */
        @WithDefault("32")
        int maxNestingDepth();
    }
}
