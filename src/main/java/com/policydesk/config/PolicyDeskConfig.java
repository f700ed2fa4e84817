package com.policydesk.config;

import com.policydesk.engine.RuleSetManager;
import com.policydesk.log.WhenFull;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

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

    CompileCache compileCache();

    Warmup warmup();

    Log log();

    Dmn dmn();

    Cluster cluster();

    /**
     * Running several replicas on Kafka. With {@code policydesk.cluster.kafka.bootstrap-servers} absent, the service is
     * a single instance exactly as before, and no Kafka client is created.
     */
    interface Cluster {
        Kafka kafka();

        interface Kafka {
            /**
             * How long a reload, a save or an activation waits for its publication to come back and go live on this
             * replica before it answers {@code PUBLISHED} (it still goes live when it comes).
             */
            @WithDefault("30s")
            Duration publishTimeout();

            /**
             * How often each replica reports its version to the status topic (besides every change); a replica not
             * heard for three of these is shown {@code silent} and left out of convergence.
             */
            @WithDefault("10s")
            Duration statusInterval();

            /** The brokers, {@code host:port[,host:port…]}; absent: no cluster. */
            Optional<String> bootstrapServers();

            /**
             * Further client properties passed as they are to every producer, consumer and admin client (security,
             * timeouts), e.g. {@code policydesk.cluster.kafka.client."security.protocol"=SSL}.
             */
            Map<String, String> client();

            /** This replica's name in the cluster status; by default the host name and the HTTP port. */
            Optional<String> replicaId();

            /** The compacted topic of published rule sets, keyed by pack. */
            @WithDefault("policydesk.rulesets")
            String rulesetsTopic();

            /** Where each replica reports the version it runs. */
            @WithDefault("policydesk.replicas")
            String statusTopic();

            /** The decision log's topic when {@code policydesk.log.sink=kafka}, keyed by customer id. */
            @WithDefault("policydesk.decisions")
            String decisionsTopic();

            /** Bulk decisions: the requests the replicas consume as one group. */
            @WithDefault("policydesk.requests")
            String requestsTopic();

            /** Bulk decisions: where the answers (or problems) go, with the request's correlation id. */
            @WithDefault("policydesk.recommendations")
            String recommendationsTopic();

            /** The consumer group the replicas share for bulk requests. */
            @WithDefault("policydesk")
            String bulkGroup();

            /** Whether this replica consumes bulk requests (when the cluster is on). */
            @WithDefault("true")
            boolean bulkEnabled();

            /** Bulk requests of one poll decided at once on this replica; by default one per core. */
            OptionalInt bulkThreads();
        }
    }

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
        @WithDefault("200ms")
        Duration watchQuietPeriod();

        /** How many valid versions are kept for rollback. */
        @WithDefault("10")
        int keep();
    }

    interface Reload {
        /** Whether a changed rule set must pass the scenario suites of its packs before it goes live. */
        @WithDefault("true")
        boolean requireScenarios();

        /**
         * {@code auto}: a valid change goes live by itself. {@code manual}: it waits as the pending candidate (with
         * the impact of publishing it) until {@code POST /api/v1/admin/ruleset/{version}/activate}.
         */
        @WithDefault("auto")
        RuleSetManager.Activation activation();
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

    interface CompileCache {
        /** Whether compiled rules are kept in {@code <data.dir>/compile-cache} and read back instead of compiled. */
        @WithDefault("true")
        boolean enabled();

        /** Compiled rule sets kept; the least recently used go first. Each is a few hundred KB. */
        @WithDefault("32")
        int maxEntries();
    }

    interface Warmup {
        /** Whether the service decides a warm-up set before it reports ready, and before it swaps in a new rule set. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long the warm-up at start goes on at most, deciding the warm-up set round after round: it ends sooner
         * once the JIT has stopped compiling what it runs. The requests made from the fact model are decided once
         * whatever this says.
         */
        @WithDefault("2s")
        Duration duration();

        /**
         * How many requests at most the service sends to its own HTTP port once it is ready, to warm the HTTP path
         * (the warm-up above runs in process); it stops sooner once the JIT has settled. Their decisions are not
         * logged. 0: none.
         */
        @WithDefault("20000")
        int httpRequests();
    }

    interface Log {
        /** Whether every decision is recorded in the decision log. */
        @WithDefault("true")
        boolean enabled();

        /**
         * Where decisions are written: {@code sqlite} (the file below) or {@code kafka} (the topic
         * {@code policydesk.cluster.kafka.decisions-topic}; needs the cluster's bootstrap servers).
         */
        @WithDefault("sqlite")
        Sink sink();

        enum Sink { SQLITE, KAFKA }

        /** The SQLite file; by default {@code decisions.db} in the data folder. */
        Optional<String> file();

        /** Decisions waiting for the writer at most; beyond, {@link #whenFull()} applies. */
        @WithDefault("10000")
        int queueCapacity();

        /** The longest a decision waits for its commit: what a crash can lose. */
        @WithDefault("100ms")
        Duration commitInterval();

        /** {@code shed}: refuse the request with 503 and Retry-After; {@code drop}: answer it unlogged, and count it. */
        @WithDefault("shed")
        WhenFull whenFull();

        Retention retention();

        Redact redact();

        interface Retention {
            /** Decisions older than this are deleted. */
            @WithDefault("30d")
            Duration maxAge();

            /** The oldest decisions are deleted while the log's data is larger than this. */
            @WithDefault("1G")
            MemorySize maxSize();
        }

        interface Redact {
            /** Request fields written as their SHA-256 instead, by path: {@code customer.id}. */
            Optional<Set<String>> hash();

            /** Request fields not written at all, by path. */
            Optional<Set<String>> drop();
        }
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
