package com.policydesk.config;

import com.policydesk.engine.CompileCache;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSource;
import com.policydesk.engine.WarmupRequests;
import com.policydesk.error.PolicyDeskException;
import com.policydesk.model.DecisionRequest;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Prepares the rules while Quarkus boots. Quarkus opens its HTTP port only after the start-up beans have run, and
 * loading the rules was the longest of them; Quarkus boots on one core. Started first thing in {@code main}, on the
 * other core, this loads the rules and, while Quarkus is still booting, decides the warm-up requests on them (which
 * compiles the rules' hot paths), so that by the time the rule-set service asks for its rules, they are loaded and
 * warm. The rules folder is guessed from the system property or environment variable the configuration would read
 * (profiles are not applied this early); the service adopts the prepared parts only where they match, by content
 * hash, the files it is configured with, so a wrong guess costs some CPU and nothing else.
 */
final class EarlyStart {
    private static final Logger LOG = Logger.getLogger(EarlyStart.class);
    /** Rounds of the warm-up requests at most: the service's own warm-up goes on after the HTTP port opens. */
    private static final int WARMUP_ROUNDS = 3;
    private static volatile CompletableFuture<RuleSetLoader> preloaded;
    private static volatile boolean stop;

    private EarlyStart() {
    }

    static void begin() {
        ClassLoader classLoader = EarlyStart.class.getClassLoader();
        CompletableFuture<RuleSetLoader> work = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                work.complete(prepare(classLoader));
            } catch (RuntimeException | Error e) {
                work.completeExceptionally(e);
            }
        }, "policydesk-early-start");
        thread.setDaemon(true);
        thread.setContextClassLoader(classLoader);
        thread.start();
        preloaded = work;
    }

    /** The prepared loader, once it has stopped warming up; empty when nothing was started or it failed. */
    static Optional<RuleSetLoader> take() {
        CompletableFuture<RuleSetLoader> work = preloaded;
        preloaded = null;
        if (work == null) {
            return Optional.empty();
        }
        stop = true;
        try {
            return Optional.of(work.join());
        } catch (CompletionException failed) {
            LOG.debugf(failed, "The early preparation of the rules failed; the service loads them itself");
            return Optional.empty();
        }
    }

    private static RuleSetLoader prepare(ClassLoader classLoader) {
        RuleSetLoader loader = new RuleSetLoader(Clock.systemUTC(), classLoader,
                CompileCache.bundledOnly(CompileCache.BUNDLED_BASE, classLoader), false);
        List<RuleFile> files = RuleSource.folderOrBundled(guessedRulesFolder(), classLoader).read();
        if (loader.preload(files) && !stop) {
            warmUp(loader.load(files, "early start"));
        }
        return loader;
    }

    private static void warmUp(RuleSet ruleSet) {
        DecisionEngine engine = new DecisionEngine();
        List<DecisionRequest> requests = WarmupRequests.spread();
        try {
            for (int round = 0; round < WARMUP_ROUNDS; round++) {
                for (DecisionRequest request : requests) {
                    if (stop) {
                        return;
                    }
                    engine.evaluate(ruleSet, request, round == 0);
                }
            }
        } catch (PolicyDeskException failed) {
            // The service's own warm-up reports it; the prepared parts are good all the same.
            LOG.debugf(failed, "The early warm-up stopped");
        }
    }

    private static Path guessedRulesFolder() {
        String configured = System.getProperty("policydesk.rules.dir", System.getenv("POLICYDESK_RULES_DIR"));
        return Path.of(configured == null || configured.isBlank() ? "rules" : configured);
    }
}
