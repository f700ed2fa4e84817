package com.policydesk.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kept scenarios written into a suite file of the scenarios folder: a new file holds only it; an existing one gets
 * it at the end of its {@code scenarios:} list, the rest of the file (comments included) as it was. The file is
 * replaced in one move, and read back before: what is written always parses, with the scenario last.
 */
public final class SuiteFiles {
    /** A suite's name: {@code kept} or {@code multichannel/kept}, with or without {@code .yaml}. */
    public static final Pattern SUITE = Pattern.compile("([a-z0-9][a-z0-9-]*/)?[a-z0-9][a-z0-9-]*(\\.yaml)?");
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^scenarios:[ \\t]*(?:#.*)?\\n(?:[ \\t]*(?:#.*)?\\n)*([ \\t]*)- ");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Object WRITING = new Object();

    private SuiteFiles() {
    }

    /**
     * The file a suite name means, relative to the scenarios folder: {@code <pack>/<name>.yaml}.
     *
     * @throws IllegalArgumentException when the name is not a suite's, or names no pack while the version has several
     */
    public static String relativePath(String suite, List<String> packs) {
        if (!SUITE.matcher(suite).matches()) {
            throw new IllegalArgumentException("must be a suite name, as kept-decisions or multichannel/kept-decisions");
        }
        String named = suite.endsWith(".yaml") ? suite : suite + ".yaml";
        if (named.contains("/")) {
            return named;
        }
        if (packs.size() != 1) {
            throw new IllegalArgumentException("name the pack as well, one of " + packs + ", as " + packs.get(0) + "/" + named);
        }
        return packs.get(0) + "/" + named;
    }

    /**
     * Adds the scenario to the suite file (made when missing).
     *
     * @param relative the file under the folder, from {@link #relativePath}
     * @throws KeepRefusedException when the file has a scenario of that id already (SCENARIO_EXISTS), or does not
     *                              parse, or does not end with its scenarios list (SUITE_INVALID)
     */
    public static void add(Path folder, String relative, KeptScenario kept) {
        Path file = folder.resolve(relative);
        synchronized (WRITING) {
            try {
                String text = Files.isRegularFile(file) ? appended(relative, Files.readString(file), kept) : kept.yaml();
                requireLast(relative, text, kept);
                Files.createDirectories(file.getParent());
                Path written = Files.createTempFile(file.getParent(), ".kept-", ".yaml.tmp");
                Files.writeString(written, text);
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the suite " + relative, e);
            }
        }
    }

    private static String appended(String relative, String text, KeptScenario kept) {
        ScenarioFile existing = parse(relative, text);
        if (existing.scenarios().stream().anyMatch(scenario -> scenario.id().equals(kept.id()))) {
            throw new KeepRefusedException(KeepRefusedException.Reason.SCENARIO_EXISTS,
                    relative + " already has a scenario '" + kept.id() + "'; give another id");
        }
        Matcher item = LIST_ITEM.matcher(text);
        String indent = item.find() ? item.group(1) : "  ";
        String ending = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        return text + ending + ScenarioYaml.items(List.of(kept.scenario()), indent);
    }

    /** Reads the text as the suites will, and checks that its last scenario is the one kept, request and all. */
    private static void requireLast(String relative, String text, KeptScenario kept) {
        if (!endsWith(parse(relative, text), kept)) {
            throw new KeepRefusedException(KeepRefusedException.Reason.SUITE_INVALID, relative
                    + " does not end with its scenarios list: a scenario cannot be added at its end; add it by hand");
        }
    }

    /** Whether the file's last scenario is the one kept, with the same request. */
    static boolean endsWith(ScenarioFile file, KeptScenario kept) {
        Scenario last = file.scenarios().get(file.scenarios().size() - 1);
        return last.id().equals(kept.id()) && body(last).equals(kept.scenario().get("given"));
    }

    private static ScenarioFile parse(String relative, String text) {
        try {
            return new ScenarioParser().parse(relative, text);
        } catch (ScenarioFileException invalid) {
            throw new KeepRefusedException(KeepRefusedException.Reason.SUITE_INVALID,
                    "the suite cannot take a scenario: " + invalid.getMessage());
        }
    }

    private static JsonNode body(Scenario scenario) {
        try {
            return JSON.readTree(scenario.body());
        } catch (IOException e) {
            throw new IllegalStateException("a scenario's given is JSON", e);
        }
    }
}
