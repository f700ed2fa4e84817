package com.policydesk.scenario;

import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.impact.ImpactCli;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogReader;
import com.policydesk.log.Redaction;
import com.policydesk.log.StoredDecision;
import com.policydesk.request.RequestReader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code bash scenarios.sh --from-log <decisionId> [--log FILE] [--id ID] [--description TEXT] [--suite NAME]
 * [--scenarios DIR]}: a logged decision as a scenario, without a running service. Prints the scenario as a suite
 * file; with {@code --suite}, adds it to that suite file of the scenarios folder (default {@code test-scenarios}).
 * The log is {@code data/decisions.db} unless {@code --log} names another copy; its redaction, when it redacts
 * fields, is read from {@code POLICYDESK_LOG_REDACT_HASH} and {@code POLICYDESK_LOG_REDACT_DROP} as the service
 * reads it (hashed values are recognised without them).
 *
 * <p>{@code bash scenarios.sh --suggest [--log FILE] [--limit N] [--window N] [--rules DIR] [--scenarios DIR]}: up to N
 * logged decisions (of the newest {@code --window}) that cover what no scenario covers, as a suite file, with the
 * coverage before and after ({@link CoverageSuggestions}).
 *
 * <p>Exit 0: done; 1: refused or not found; 2: bad arguments.
 */
public final class ScenariosCli {
    static final String USAGE = """
            usage: bash scenarios.sh --from-log <decisionId> [--log FILE] [--id ID] [--description TEXT] [--suite NAME] [--scenarios DIR]
                   bash scenarios.sh --suggest [--log FILE] [--limit N] [--window N] [--rules DIR] [--scenarios DIR]""";
    private static final Set<String> FROM_LOG_OPTIONS = Set.of("--log", "--id", "--description", "--suite", "--scenarios");
    private static final Set<String> SUGGEST_OPTIONS = Set.of("--log", "--limit", "--rules", "--scenarios", "--window");
    private static final int DEFAULT_SUGGESTIONS = 5;
    private static final int DEFAULT_WINDOW = 10_000;

    private ScenariosCli() {
    }

    public static void main(String[] args) throws Exception {
        ImpactCli.quietEngineLogs();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) throws SQLException {
        if (args.length >= 1 && args[0].equals("--suggest")) {
            Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length), SUGGEST_OPTIONS, err);
            return options == null ? 2 : suggest(options, out, err);
        }
        if (args.length >= 2 && args[0].equals("--from-log")) {
            Map<String, String> options = options(Arrays.copyOfRange(args, 2, args.length), FROM_LOG_OPTIONS, err);
            return options == null ? 2 : fromLog(args[1], options, out, err);
        }
        err.println(USAGE);
        return 2;
    }

    private static int fromLog(String decisionId, Map<String, String> options, PrintStream out, PrintStream err)
            throws SQLException {
        Path logFile = Path.of(options.getOrDefault("--log", "data/decisions.db"));
        if (!Files.isRegularFile(logFile)) {
            err.println("no such decision log: " + logFile);
            return 2;
        }
        DecisionLog.upgrade(logFile); // a copy written by an older version is converted first
        DecisionLogReader log = new DecisionLogReader(logFile, Redaction.NONE);
        Optional<StoredDecision> stored = log.find(decisionId);
        if (stored.isEmpty()) {
            err.println("no logged decision " + decisionId + " in " + logFile);
            return 1;
        }
        RequestReader reader = new RequestReader();
        DecisionScenarios scenarios = new DecisionScenarios(reader, new DecisionEngine(), versionsOf(log), redaction());
        try {
            KeptScenario kept = scenarios.scenario(stored.get(), options.get("--id"), options.get("--description"));
            String suite = options.get("--suite");
            if (suite != null) {
                String relative = SuiteFiles.relativePath(suite, kept.packs());
                SuiteFiles.add(Path.of(options.getOrDefault("--scenarios", "test-scenarios")), relative, kept);
                err.println("added '" + kept.id() + "' to " + relative);
            }
            out.print(kept.yaml());
            return 0;
        } catch (KeepRefusedException refused) {
            err.println(refused.getMessage());
            return 1;
        } catch (IllegalArgumentException badSuite) {
            err.println("--suite " + badSuite.getMessage());
            return 2;
        }
    }

    /**
     * Up to {@code --limit} (5) of the newest {@code --window} (10,000) logged decisions that cover what the suites of
     * {@code --scenarios} (test-scenarios) do not, on the rules of {@code --rules} (rules), as a suite file.
     */
    private static int suggest(Map<String, String> options, PrintStream out, PrintStream err) throws SQLException {
        Path logFile = Path.of(options.getOrDefault("--log", "data/decisions.db"));
        Path rulesFolder = Path.of(options.getOrDefault("--rules", "rules"));
        Path scenariosFolder = Path.of(options.getOrDefault("--scenarios", "test-scenarios"));
        Integer limit = positive(options.getOrDefault("--limit", Integer.toString(DEFAULT_SUGGESTIONS)));
        Integer window = positive(options.getOrDefault("--window", Integer.toString(DEFAULT_WINDOW)));
        if (limit == null || window == null) {
            err.println("--limit and --window must be whole numbers from 1\n" + USAGE);
            return 2;
        }
        for (Path required : List.of(logFile, rulesFolder)) {
            if (!Files.exists(required)) {
                err.println("no such file or folder: " + required);
                return 2;
            }
        }
        DecisionLog.upgrade(logFile);
        DecisionLogReader log = new DecisionLogReader(logFile, Redaction.NONE);
        RuleSet ruleSet = new RuleSetLoader().loadFolder(rulesFolder);
        List<Scenario> suites = new ArrayList<>();
        for (ScenarioSuite.Loaded loaded : ScenarioSuite.load(scenariosFolder, null)) {
            if (loaded.failure() != null) {
                err.println("left out: " + loaded.failure().getMessage());
            } else {
                suites.addAll(loaded.file().scenarios());
            }
        }
        RequestReader reader = new RequestReader();
        DecisionEngine engine = new DecisionEngine();
        CoverageSuggestions suggestions = new CoverageSuggestions(reader, engine,
                new DecisionScenarios(reader, engine, versionsOf(log), redaction()));
        out.print(suggestions.suggest(ruleSet, suites, log.latest(window), limit).yaml());
        return 0;
    }

    private static Integer positive(String number) {
        try {
            int value = Integer.parseInt(number);
            return value >= 1 ? value : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** A version rebuilt from the files the log stored with it, for the kinds of its recommendations. */
    static Function<String, Optional<RuleSet>> versionsOf(DecisionLogReader log) {
        RuleSetLoader loader = new RuleSetLoader();
        return version -> {
            try {
                List<RuleFile> files = log.rulesetFiles(version);
                return files.isEmpty() ? Optional.empty() : Optional.of(loader.load(files, "the decision log (" + version + ")"));
            } catch (SQLException | RuntimeException unavailable) {
                return Optional.empty();
            }
        };
    }

    private static Redaction redaction() {
        return new Redaction(paths("POLICYDESK_LOG_REDACT_HASH"), paths("POLICYDESK_LOG_REDACT_DROP"));
    }

    private static Set<String> paths(String variable) {
        String value = System.getenv(variable);
        return value == null ? Set.of() : Arrays.stream(value.split(",")).map(String::strip)
                .filter(path -> !path.isEmpty()).collect(Collectors.toSet());
    }

    /** {@code --name value} pairs; null (after saying why) when one is unknown or lacks its value. */
    static Map<String, String> options(String[] args, Set<String> known, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                err.println((known.contains(args[i]) ? args[i] + " needs a value" : "unknown option " + args[i]) + "\n" + USAGE);
                return null;
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
