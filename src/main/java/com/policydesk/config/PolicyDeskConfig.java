package com.policydesk.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** PolicyDesk's settings ({@code policydesk.*} in application.properties, or {@code POLICYDESK_*} in the environment). */
@ConfigMapping(prefix = "policydesk")
public interface PolicyDeskConfig {
    Rules rules();

    Engine engine();

    Request request();

    Reload reload();

    Scenarios scenarios();

    Admin admin();

    Data data();

    Dmn dmn();

    interface Dmn {
        /**
         * Whether a DMN model may call Java (a functionDefinition of kind Java, a FEEL external java function): such a
         * model can run any class on the class path, so it is refused, from the folder and over HTTP, unless allowed.
         */
        @WithDefault("false")
        boolean allowJavaFunctions();
    }

    interface Rules {
        /** The rules folder, relative to the working directory; when it does not exist, the bundled copy is used. */
        @WithDefault("rules")
        String dir();

        /** Whether a change in the rules folder is reloaded without a restart. */
        @WithDefault("true")
        boolean watch();

        /** How long the folder must stay quiet after a change before the reload: a burst of saves is one reload. */
        @WithDefault("500ms")
        Duration watchQuietPeriod();

        /** How many valid versions are kept for rollback. */
        @WithDefault("10")
        int keep();
    }

    interface Reload {
        /** Whether a changed rule set must pass the scenario suites of its packs before it goes live. */
        @WithDefault("true")
        boolean requireScenarios();
    }

    interface Scenarios {
        /** The scenario suites, one folder per pack, relative to the working directory. */
        @WithDefault("test-scenarios")
        String dir();
    }

    interface Data {
        /**
         * The service's own files (the compile cache, the decision log), relative to the working directory. Created
         * owner-only when missing; a folder that others can write is refused.
         */
        @WithDefault("data")
        String dir();
    }

    interface Admin {
        /** The bearer token of the admin API; without one, the admin API does not exist (404). */
        Optional<String> token();
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

        /**
         * Batches decided at the same time; more wait their turn. Deciding is CPU-bound, so more at once only adds
         * memory: each large batch holds its requests and answers (several MB) until it is written.
         */
        @WithDefault("4")
        int maxConcurrentBatches();
    }
}
