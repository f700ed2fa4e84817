package com.policydesk.engine;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One file of a rule set, as read.
 *
 * @param path    path relative to the rules folder, with {@code /} separators ({@code multichannel/azure.drl})
 * @param content the bytes
 * @param sha256  hex SHA-256 of the content
 */
public record RuleFile(String path, byte[] content, String sha256) {
    public RuleFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(sha256, "sha256");
    }

    public static RuleFile of(String path, byte[] content) {
        return new RuleFile(path, content.clone(), Hashes.sha256Hex(content));
    }

    public boolean isDrl() {
        return path.endsWith(".drl");
    }

    public boolean isDmn() {
        return path.endsWith(".dmn");
    }

    /** The first folder of the path: the rule pack the file belongs to (empty for a file at the top). */
    public String pack() {
        int slash = path.indexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
