package com.policydesk.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * One publication of the rules topic: a whole rule set, its version, pack(s) and every file (path, SHA-256, content),
 * who published it, when and why. One JSON record, keyed by the pack(s), e.g.
 *
 * <pre>{@code
 * {"version": "multichannel@9d15efa765ed", "pack": "multichannel", "at": "2026-11-27T14:20:03.114Z",
 *  "replica": "policydesk-0:8080", "trigger": "workbench",
 *  "files": [{"path": "multichannel/azure.drl", "sha256": "…", "content": "package …"}, …]}
 * }</pre>
 *
 * A file whose bytes are not UTF-8 is carried as {@code contentBase64} instead of {@code content}. The receiver checks
 * every file against its hash and the files against the version before it installs anything.
 */
public record PublishedRuleSet(String version, String pack, Instant at, String replica, String trigger,
                               List<RuleFile> files) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PublishedRuleSet {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(at, "at");
        files = List.copyOf(files);
    }

    /** A publication of this rule set by this replica now. */
    public static PublishedRuleSet of(RuleSet ruleSet, String replica, String trigger, Instant at) {
        return new PublishedRuleSet(ruleSet.version(), packOf(ruleSet.version()), at, replica, trigger, ruleSet.files());
    }

    /** The pack(s) part of a version: {@code multichannel} of {@code multichannel@9d15efa765ed}. */
    public static String packOf(String version) {
        int at = version.indexOf('@');
        return at < 0 ? version : version.substring(0, at);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", version);
        root.put("pack", pack);
        root.put("at", at.toString());
        root.put("replica", replica);
        root.put("trigger", trigger);
        ArrayNode list = root.putArray("files");
        for (RuleFile file : files) {
            ObjectNode node = list.addObject();
            node.put("path", file.path());
            node.put("sha256", file.sha256());
            String text = utf8(file.content());
            if (text != null) {
                node.put("content", text);
            } else {
                node.put("contentBase64", Base64.getEncoder().encodeToString(file.content()));
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("a publication cannot be written as JSON", e);
        }
    }

    /**
     * Reads a record's value.
     *
     * @throws IllegalArgumentException when it is not a publication, with what is wrong
     */
    public static PublishedRuleSet fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the record is not JSON: " + (e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the record is not a JSON object");
        }
        String version = text(root, "version", true);
        String pack = text(root, "pack", false);
        Instant at;
        try {
            at = Instant.parse(text(root, "at", true));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'at' is not an instant: " + root.get("at"));
        }
        JsonNode list = root.get("files");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("'files' is missing or empty");
        }
        List<RuleFile> files = new ArrayList<>();
        for (JsonNode node : list) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("a file is not a JSON object");
            }
            String path = text(node, "path", true);
            String sha256 = text(node, "sha256", true);
            byte[] content;
            if (node.hasNonNull("content")) {
                content = text(node, "content", true).getBytes(StandardCharsets.UTF_8);
            } else if (node.hasNonNull("contentBase64")) {
                try {
                    content = Base64.getDecoder().decode(text(node, "contentBase64", true));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the content of " + path + " is not base64");
                }
            } else {
                throw new IllegalArgumentException("the file " + path + " has no content");
            }
            files.add(new RuleFile(path, content, sha256));
        }
        return new PublishedRuleSet(version, pack == null ? packOf(version) : pack, at, text(root, "replica", false),
                text(root, "trigger", false), files);
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return value.asText();
    }

    /** The bytes as text when they are valid UTF-8 (so that they come back the same), else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }
}
