package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads the rule files ({@code .drl}, {@code .dmn}) of a rule set, from a folder or from the class path. */
public final class RuleFiles {
    /** The file, beside the bundled copy of rules/, that lists its files (written by the build). */
    public static final String INDEX = "INDEX";

    private RuleFiles() {
    }

    /** Every .drl and .dmn file under the folder, at any depth, sorted by path. */
    public static List<RuleFile> fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw refused(folder.toString(), "is not a folder");
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            List<RuleFile> files = new ArrayList<>();
            for (Path path : paths.filter(Files::isRegularFile).filter(RuleFiles::isRuleFile).toList()) {
                String relative = folder.relativize(path).toString().replace('\\', '/');
                files.add(RuleFile.of(relative, Files.readAllBytes(path)));
            }
            return sorted(files, folder.toString());
        } catch (IOException e) {
            throw refused(folder.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /**
     * The files of a copy bundled on the class path under {@code base}, listed one path a line in
     * {@code base/INDEX} (a jar cannot be listed like a folder).
     */
    public static List<RuleFile> fromClasspath(String base, ClassLoader loader) {
        String index = read(loader, base + "/" + INDEX);
        if (index == null) {
            throw refused("classpath:" + base, "has no " + INDEX + ": no rules were bundled at build time");
        }
        List<RuleFile> files = new ArrayList<>();
        for (String line : index.split("\\R")) {
            String path = line.strip().replace('\\', '/');
            if (!path.isEmpty() && isRuleFile(Path.of(path))) {
                byte[] content = readBytes(loader, base + "/" + path);
                if (content == null) {
                    throw refused("classpath:" + base + "/" + path, "is listed in " + INDEX + " but missing");
                }
                files.add(RuleFile.of(path, content));
            }
        }
        return sorted(files, "classpath:" + base);
    }

    private static boolean isRuleFile(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".drl") || name.endsWith(".dmn");
    }

    private static List<RuleFile> sorted(List<RuleFile> files, String where) {
        if (files.isEmpty()) {
            throw refused(where, "holds no .drl or .dmn file");
        }
        files.sort(Comparator.comparing(RuleFile::path));
        return List.copyOf(files);
    }

    private static String read(ClassLoader loader, String resource) {
        byte[] bytes = readBytes(loader, resource);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuleSetException refused(String where, String why) {
        return new RuleSetException(List.of(new RuleSetProblem(where, 0, why)));
    }
}
