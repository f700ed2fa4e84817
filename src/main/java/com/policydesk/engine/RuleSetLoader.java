package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Compiles and validates the files of a rule set into a {@link RuleSet}, once. Refuses an invalid set with
 * every problem found, each with file, line (where known) and message.
 */
public final class RuleSetLoader {
    /** The metadata every rule carries: the policy statement it implements. */
    public static final String POLICY_METADATA = "policy";
    /** Compiled parts kept in memory, per kind: the active rule set's, a candidate's, and a few before. */
    private static final int RECENT_PARTS = 4;
    private static final int VERSION_HASH_LENGTH = 12;
    /** The globals the engine sets, by name and type; any other global would stay null. */
    private static final Map<String, Class<?>> ENGINE_GLOBALS =
            Map.of(DmnDecisions.GLOBAL, DmnDecisions.class, Findings.GLOBAL, Findings.class);

    private final Clock clock;
    private final ClassLoader classLoader;
    private final DrlCompiler drlCompiler;
    private final CompileCache cache;
    private final RecentlyCompiled<KieBase> recentRuleBases = new RecentlyCompiled<>(RECENT_PARTS);
    private final RecentlyCompiled<DmnCatalog> recentDmn = new RecentlyCompiled<>(RECENT_PARTS);
    private final boolean allowJavaFunctions;

    public RuleSetLoader() {
        this(Clock.systemUTC(), RuleSetLoader.class.getClassLoader());
    }

    public RuleSetLoader(Clock clock, ClassLoader classLoader) {
        this(clock, classLoader, CompileCache.none(), false);
    }

    /**
     * A loader that reads compiled DRL from the cache where it can, and stores what it compiles there.
     *
     * @param cache              where compiled DRL is read from and kept
     * @param allowJavaFunctions whether a DMN model may call Java ({@link DmnJavaFunctions}); off by default
     */
    public RuleSetLoader(Clock clock, ClassLoader classLoader, CompileCache cache, boolean allowJavaFunctions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        // Compiling and evaluating rules asks the class loader for many names it does not have: remembered.
        this.classLoader = MissingClassesCache.over(Objects.requireNonNull(classLoader, "classLoader"));
        this.cache = Objects.requireNonNull(cache, "cache");
        this.drlCompiler = new DrlCompiler(this.classLoader);
        this.allowJavaFunctions = allowJavaFunctions;
    }

    /** Loads every .drl and .dmn file under the folder. */
    public RuleSet loadFolder(Path folder) {
        return load(new RuleSource.Folder(folder.toAbsolutePath().normalize()));
    }

    /** Reads the source's files now and loads them. */
    public RuleSet load(RuleSource source) {
        return load(source.read(), source.describe());
    }

    /**
     * Compiles and validates the files. Parts compiled before from the same files are reused: a rule base from
     * memory or from the compile cache, DMN models from memory.
     *
     * @throws RuleSetException with every problem, when the files do not make a valid rule set
     */
    public RuleSet load(List<RuleFile> files, String source) {
        // DMN and DRL compile apart from each other: side by side, a cold start pays for the slower one only.
        List<RuleSetProblem> dmnProblems = new ArrayList<>();
        List<RuleFile> dmnFiles = files.stream().filter(RuleFile::isDmn).toList();
        String dmnHash = Hashes.ofFiles(dmnFiles);
        Timed<DmnCatalog> knownDmn = Timed.reused(recentDmn.get(dmnHash));
        CompletableFuture<Timed<DmnCatalog>> dmnCompiled = knownDmn.value() != null
                ? CompletableFuture.completedFuture(knownDmn)
                : CompletableFuture.supplyAsync(() -> withContextClassLoader(() -> Timed.of("compiled",
                        () -> recentDmn.getOrCompile(dmnHash, () -> DmnCatalog.compile(dmnFiles, classLoader, dmnProblems)))));
        List<RuleSetProblem> problems = new ArrayList<>();
        List<RuleFile> drlFiles = files.stream().filter(RuleFile::isDrl).toList();
        Timed<KieBase> kieBase = withContextClassLoader(() -> ruleBase(drlFiles, problems));
        Timed<DmnCatalog> dmn = dmnCompiled.join();
        problems.addAll(0, dmnProblems);
        if (!allowJavaFunctions) {
            dmnFiles.forEach(file -> problems.addAll(DmnJavaFunctions.find(file)));
        }
        List<RuleInfo> rules = kieBase.value() == null ? List.of() : describeRules(kieBase.value(), drlFiles, problems);
        if (kieBase.value() != null) {
            checkGlobals(kieBase.value(), problems);
        }
        if (!problems.isEmpty()) {
            throw new RuleSetException(problems);
        }
        LoadProfile profile = new LoadProfile(kieBase.how(), kieBase.millis(), dmn.how(), dmn.millis());
        return new RuleSet(version(files), clock.instant(), source, files, rules, kieBase.value(), dmn.value(), profile);
    }

    /** The version these files make: {@code pack@hash} (pack names joined by {@code +}, 12 hex digits of their hash). */
    public static String version(List<RuleFile> files) {
        String packs = String.join("+", files.stream().map(RuleFile::pack).distinct().sorted()
                .map(pack -> pack.isEmpty() ? "rules" : pack).toList());
        return packs + "@" + Hashes.ofFiles(files).substring(0, VERSION_HASH_LENGTH);
    }

    /**
     * Compiles the DRL files into packages, for the build to store with the application.
     *
     * @throws RuleSetException when they do not compile
     */
    Collection<KiePackage> compilePackages(List<RuleFile> drlFiles) {
        List<RuleSetProblem> problems = new ArrayList<>();
        Collection<KiePackage> packages = withContextClassLoader(() -> drlCompiler.compile(drlFiles, problems));
        if (packages == null) {
            throw new RuleSetException(problems);
        }
        return packages;
    }

    /**
     * Prepares the compiled parts of these files ahead of a load, while the application still boots: the DMN models
     * are compiled, and the rule base is read from the compile cache if it holds an entry for the DRL files (it is
     * never compiled here: the files are a guess, and a wrong guess must stay cheap). A later load of the same files
     * reuses them; of other files, ignores them.
     *
     * @return whether every part is now prepared, so that loading the files compiles nothing
     */
    public boolean preload(List<RuleFile> files) {
        List<RuleFile> drlFiles = files.stream().filter(RuleFile::isDrl).toList();
        List<RuleFile> dmnFiles = files.stream().filter(RuleFile::isDmn).toList();
        CompletableFuture<Void> dmn = CompletableFuture.runAsync(() -> withContextClassLoader(() ->
                recentDmn.getOrCompile(Hashes.ofFiles(dmnFiles), () -> DmnCatalog.compile(dmnFiles, classLoader, new ArrayList<>()))));
        Optional<KieBase> ruleBase = withContextClassLoader(() -> fromCache(drlFiles));
        ruleBase.ifPresent(kieBase -> recentRuleBases.put(Hashes.ofFiles(drlFiles), kieBase));
        dmn.join();
        return ruleBase.isPresent() && recentDmn.get(Hashes.ofFiles(dmnFiles)) != null;
    }

    /** Takes over the compiled parts another loader holds, such as the one that {@link #preload preloaded}. */
    public void adoptCompiledParts(RuleSetLoader other) {
        recentRuleBases.putAll(other.recentRuleBases);
        recentDmn.putAll(other.recentDmn);
    }

    /**
     * Builds the rule set of these files as a reload builds it after a change, and keeps nothing: the DRL is compiled
     * afresh whatever is remembered or cached, its packages are serialized as the compile cache stores them (and the
     * bytes dropped), and the DMN models are compiled again. The compilers' warm-up rehearses reloads with it, so
     * that the JIT has compiled the whole reload path (and, once the caller runs the scenario gate on the result, the
     * constraints' own compilation) before the policy team's first change: a service started from the compile cache
     * has compiled nothing yet.
     *
     * @throws RuleSetException when the files do not make a valid rule set
     */
    public RuleSet rehearse(List<RuleFile> files) {
        List<RuleSetProblem> problems = new ArrayList<>();
        List<RuleFile> drlFiles = files.stream().filter(RuleFile::isDrl).toList();
        List<RuleFile> dmnFiles = files.stream().filter(RuleFile::isDmn).toList();
        return withContextClassLoader(() -> {
            Collection<KiePackage> packages = drlCompiler.compile(drlFiles, problems);
            DmnCatalog dmn = DmnCatalog.compile(dmnFiles, classLoader, problems);
            if (packages != null && problems.isEmpty()) {
                CompileCache.serializedSize(packages);
                KieBase kieBase = drlCompiler.newKieBase(packages);
                List<RuleInfo> rules = describeRules(kieBase, drlFiles, problems);
                if (problems.isEmpty()) {
                    LoadProfile profile = new LoadProfile("compiled", 0, "compiled", 0);
                    return new RuleSet(version(files), clock.instant(), "rehearsal", files, rules, kieBase, dmn, profile);
                }
            }
            throw new RuleSetException(problems);
        });
    }

    /** The rule base of these DRL files: reused from memory, read from the compile cache, or compiled (and cached). */
    private Timed<KieBase> ruleBase(List<RuleFile> drlFiles, List<RuleSetProblem> problems) {
        String hash = Hashes.ofFiles(drlFiles);
        KieBase known = recentRuleBases.get(hash);
        if (known != null) {
            return Timed.reused(known);
        }
        Timed<KieBase> cached = Timed.of("cache", () -> fromCache(drlFiles).orElse(null));
        Timed<KieBase> built = cached.value() != null ? cached : Timed.of("compiled", () -> {
            Collection<KiePackage> packages = drlCompiler.compile(drlFiles, problems);
            if (packages == null) {
                return null;
            }
            // Stored before the rule base is built from them: building wires the packages to that rule base.
            cache.write(CompileCache.key(drlFiles), packages);
            return drlCompiler.newKieBase(packages);
        });
        if (built.value() != null) {
            recentRuleBases.put(hash, built.value());
        }
        return built;
    }

    private Optional<KieBase> fromCache(List<RuleFile> drlFiles) {
        return cache.read(CompileCache.key(drlFiles)).map(drlCompiler::newKieBase);
    }

    private static List<RuleInfo> describeRules(KieBase kieBase, List<RuleFile> drlFiles, List<RuleSetProblem> problems) {
        DrlIndex index = new DrlIndex(drlFiles);
        List<RuleInfo> rules = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                DrlIndex.Location where = index.locate(rule.getName());
                Object policy = rule.getMetaData().get(POLICY_METADATA);
                if (policy == null || String.valueOf(policy).isBlank()) {
                    problems.add(new RuleSetProblem(where.file(), where.line(), "rule '" + rule.getName()
                            + "' has no @" + POLICY_METADATA + "(\"…\") metadata naming the policy statement it implements"));
                } else {
                    rules.add(new RuleInfo(rule.getName(), String.valueOf(policy), where.file(), where.line()));
                }
            }
        }
        rules.sort(Comparator.comparing(RuleInfo::file).thenComparingInt(RuleInfo::line).thenComparing(RuleInfo::name));
        return rules;
    }

    private static void checkGlobals(KieBase kieBase, List<RuleSetProblem> problems) {
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Global global : kiePackage.getGlobalVariables()) {
                Class<?> type = ENGINE_GLOBALS.get(global.getName());
                if (type == null || !type.getName().equals(global.getType())) {
                    problems.add(new RuleSetProblem(kiePackage.getName(), 0, "global '" + global.getName() + "' of type "
                            + global.getType() + " is not provided; the globals are 'findings' of type "
                            + Findings.class.getName() + " and 'dmn' of type " + DmnDecisions.class.getName()));
                }
            }
        }
    }

    /** Drools resolves classes through the context class loader; on a bare thread that is the system one. */
    private <T> T withContextClassLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
