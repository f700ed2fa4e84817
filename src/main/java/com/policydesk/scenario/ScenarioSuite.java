package com.policydesk.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
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
                    .map(relative -> read(folder, relative))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenario files under " + folder, e);
        }
    }

    private static Loaded read(Path folder, Path relative) {
        String name = relative.toString().replace('\\', '/');
        try {
            return new Loaded(name, new ScenarioParser().parse(name, Files.readString(folder.resolve(relative))), null);
        } catch (ScenarioFileException e) {
            return new Loaded(name, null, e);
        } catch (IOException e) {
            return new Loaded(name, null, new ScenarioFileException(name, 0, "cannot be read: " + e.getMessage()));
        }
    }

    /** A scenario file, read, or the reason it could not be. */
    public record Loaded(String path, ScenarioFile file, ScenarioFileException failure) {
    }
}
