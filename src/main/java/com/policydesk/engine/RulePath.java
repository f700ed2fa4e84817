package com.policydesk.engine;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A rule file's path as a client names it: relative to the rules folder, {@code /}-separated, ending in
 * {@code .dmn} or {@code .drl}, and never leaving the folder. Checked before any file is touched.
 *
 * @param value the path, as {@code multichannel/AzureServicesInCsp.dmn}
 */
public record RulePath(String value) {
    /** Letters, digits, dot, dash, underscore and slash: rule file names have no spaces (rules/README.md). */
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/-]{1,300}");

    /** @throws IllegalArgumentException saying what is wrong with the path */
    public RulePath {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("may hold only letters, digits and . _ - / (at most 300)");
        }
        if (value.startsWith("/")) {
            throw new IllegalArgumentException("must be relative to the rules folder");
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("must stay inside the rules folder: no empty, '.' or '..' part");
            }
        }
        if (!value.endsWith(".dmn") && !value.endsWith(".drl")) {
            throw new IllegalArgumentException("must name a .dmn or .drl file");
        }
    }

    public boolean isDrl() {
        return value.endsWith(".drl");
    }

    /** The file inside the folder; the checks above make it impossible to land outside, and this re-checks. */
    public Path in(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        Path file = root.resolve(value).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("must stay inside the rules folder");
        }
        return file;
    }
}
