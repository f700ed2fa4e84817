package com.policydesk.config;

import com.policydesk.engine.CompileCache;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSource;
import com.policydesk.request.RequestReader;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;

/** Wires the framework-free engine into Quarkus: one of each, shared by every request. */
public class EngineProducer {
    /** The compile cache's folder, inside the data folder. */
    static final String COMPILE_CACHE_FOLDER = "compile-cache";

    @Produces
    @Singleton
    DecisionEngine decisionEngine(PolicyDeskConfig config) {
        return new DecisionEngine(config.engine().maxRuleFirings());
    }

    @Produces
    @Singleton
    RequestReader requestReader(PolicyDeskConfig config) {
        return new RequestReader(Clock.systemUTC(), config.request().maxNestingDepth());
    }

    @Produces
    @Singleton
    RuleSetLoader ruleSetLoader(PolicyDeskConfig config) {
        ClassLoader classLoader = EngineProducer.class.getClassLoader();
        CompileCache cache = config.compileCache().enabled()
                ? CompileCache.in(Path.of(config.data().dir()).resolve(COMPILE_CACHE_FOLDER), CompileCache.BUNDLED_BASE,
                        classLoader, config.compileCache().maxEntries())
                : CompileCache.bundledOnly(CompileCache.BUNDLED_BASE, classLoader);
        RuleSetLoader loader = new RuleSetLoader(Clock.systemUTC(), classLoader, cache,
                config.dmn().allowJavaFunctions());
        EarlyStart.take().ifPresent(loader::adoptCompiledParts);
        return loader;
    }

    @Produces
    @Singleton
    RuleSource ruleSource(PolicyDeskConfig config) {
        return RuleSource.folderOrBundled(Path.of(config.rules().dir()), EngineProducer.class.getClassLoader());
    }
}
