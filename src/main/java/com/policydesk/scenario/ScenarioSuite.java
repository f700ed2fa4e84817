package com.policydesk.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Finds the scenario files under a folder (optionally a subset, by glob) and reads them. */
public final class ScenarioSuite {
    private ScenarioSuite() {
    }

    /**
     * Every .yaml file under the folder whose relative path matches the glob ({@code null} or blank: all), in
     * path order, each read or failed with its {@link ScenarioFileException}. No folder: no files.
     */
    public static List<Loaded> load(Path folder, String glob) {
        return load(folder, glob, new ParseCache());
    }

    /** As {@link #load(Path, String)}, parsing again only the files whose content changed since the cache saw them. */
    public static List<Loaded> load(Path folder, String glob, ParseCache cache) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        PathMatcher matcher = glob == null || glob.isBlank() ? path -> true
                : FileSystems.getDefault().getPathMatcher("glob:" + glob.strip());
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                    .map(path -> folder.relativize(path))
                    .filter(matcher::matches)
                    .sorted()
                    .map(relative -> read(folder, relative, cache))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenario files under " + folder, e);
        }
    }

    private static Loaded read(Path folder, Path relative, ParseCache cache) {
        String name = relative.toString().replace('\\', '/');
        try {
            return cache.parsed(name, Files.readString(folder.resolve(relative)));
        } catch (IOException e) {
            // The exception's message is the file's absolute path on the server: the suites' results are public.
            return new Loaded(name, null, new ScenarioFileException(name, 0, "cannot be read ("
                    + e.getClass().getSimpleName() + ")"));
        }
    }

    private static Loaded parse(String name, String text) {
        try {
            return new Loaded(name, new ScenarioParser().parse(name, text), null);
        } catch (ScenarioFileException e) {
            return new Loaded(name, null, e);
        }
    }

    /**
     * Scenario files parsed before, by name and content: the reload gate reads every suite at each change of the
     * rules, and most suites have not changed. Thread-safe.
     */
    public static final class ParseCache {
        private final Map<String, Map.Entry<String, Loaded>> byName = new ConcurrentHashMap<>();

        Loaded parsed(String name, String text) {
            Map.Entry<String, Loaded> known = byName.get(name);
            if (known != null && known.getKey().equals(text)) {
                return known.getValue();
            }
            Loaded loaded = parse(name, text);
            byName.put(name, Map.entry(text, loaded));
            return loaded;
        }
    }

    /** A scenario file, read, or the reason it could not be. */
    public record Loaded(String path, ScenarioFile file, ScenarioFileException failure) {
    }
}
