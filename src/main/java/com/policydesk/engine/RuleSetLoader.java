package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Compiles and validates the files of a rule set into a {@link RuleSet}, once. Refuses an invalid set with
 * every problem found, each with file, line (where known) and message.
 */
public final class RuleSetLoader {
    /** The metadata every rule carries: the policy statement it implements. */
    public static final String POLICY_METADATA = "policy";
    private static final String KJAR_RESOURCES = "src/main/resources/";
    private static final int VERSION_HASH_LENGTH = 12;
    /** The globals the engine sets, by name and type; any other global would stay null. */
    private static final Map<String, Class<?>> ENGINE_GLOBALS =
            Map.of(DmnDecisions.GLOBAL, DmnDecisions.class, Findings.GLOBAL, Findings.class);

    private final Clock clock;
    private final ClassLoader classLoader;
    private final boolean allowJavaFunctions;

    public RuleSetLoader() {
        this(Clock.systemUTC(), RuleSetLoader.class.getClassLoader());
    }

    public RuleSetLoader(Clock clock, ClassLoader classLoader) {
        this(clock, classLoader, false);
    }

    /** @param allowJavaFunctions whether a DMN model may call Java ({@link DmnJavaFunctions}); off by default */
    public RuleSetLoader(Clock clock, ClassLoader classLoader, boolean allowJavaFunctions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
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
     * Compiles and validates the files.
     *
     * @throws RuleSetException with every problem, when the files do not make a valid rule set
     */
    public RuleSet load(List<RuleFile> files, String source) {
        // DMN and DRL compile apart from each other: side by side, a cold start pays for the slower one only.
        List<RuleSetProblem> dmnProblems = new ArrayList<>();
        List<RuleFile> dmnFiles = files.stream().filter(RuleFile::isDmn).toList();
        CompletableFuture<DmnCatalog> dmnCompiled = CompletableFuture.supplyAsync(
                () -> withContextClassLoader(() -> DmnCatalog.compile(dmnFiles, classLoader, dmnProblems)));
        List<RuleSetProblem> problems = new ArrayList<>();
        List<RuleFile> drlFiles = files.stream().filter(RuleFile::isDrl).toList();
        KieBase kieBase = withContextClassLoader(() -> compileDrl(drlFiles, problems));
        DmnCatalog dmn = dmnCompiled.join();
        problems.addAll(0, dmnProblems);
        if (!allowJavaFunctions) {
            dmnFiles.forEach(file -> problems.addAll(DmnJavaFunctions.find(file)));
        }
        List<RuleInfo> rules = kieBase == null ? List.of() : describeRules(kieBase, drlFiles, problems);
        if (kieBase != null) {
            checkGlobals(kieBase, problems);
        }
        if (!problems.isEmpty()) {
            throw new RuleSetException(problems);
        }
        return new RuleSet(version(files), clock.instant(), source, files, rules, kieBase, dmn);
    }

    static String version(List<RuleFile> files) {
        String packs = String.join("+", files.stream().map(RuleFile::pack).distinct().sorted()
                .map(pack -> pack.isEmpty() ? "rules" : pack).toList());
        return packs + "@" + Hashes.ofFiles(files).substring(0, VERSION_HASH_LENGTH);
    }

    private KieBase compileDrl(List<RuleFile> drlFiles, List<RuleSetProblem> problems) {
        KieServices services = KieServices.get();
        KieFileSystem kfs = services.newKieFileSystem();
        ReleaseId releaseId = services.newReleaseId("com.policydesk.rules", "ruleset",
                "1.0.0-" + Hashes.ofFiles(drlFiles).substring(0, VERSION_HASH_LENGTH));
        kfs.generateAndWritePomXML(releaseId);
        drlFiles.forEach(file -> kfs.write(KJAR_RESOURCES + file.path(), file.content()));
        KieBuilder builder = services.newKieBuilder(kfs, classLoader).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        for (Message error : errors) {
            problems.add(new RuleSetProblem(relative(error.getPath()), Math.max(error.getLine(), 0), error.getText().strip()));
        }
        if (!errors.isEmpty()) {
            services.getRepository().removeKieModule(releaseId);
            return null;
        }
        try {
            return services.newKieContainer(releaseId, classLoader).getKieBase();
        } finally {
            // The repository is a process-wide cache: a long-lived service that reloads must not keep every kjar.
            services.getRepository().removeKieModule(releaseId);
        }
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
                    rules.add(new RuleInfo(rule.getName(), String.valueOf(policy), where.file()));
                }
            }
        }
        rules.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
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

    private static String relative(String kjarPath) {
        if (kjarPath == null) {
            return "";
        }
        return kjarPath.startsWith(KJAR_RESOURCES) ? kjarPath.substring(KJAR_RESOURCES.length()) : kjarPath;
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
