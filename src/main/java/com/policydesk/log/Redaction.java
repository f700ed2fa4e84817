package com.policydesk.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Request fields that must not reach the log as they are: hashed (SHA-256, so that equal ids stay equal and a
 * customer's decisions can still be found by hashing the id asked for) or dropped. A path names a field with the
 * API's names, {@code customer.id}; arrays on the way are entered element by element, so
 * {@code customer.subscriptions.sellerId} (or {@code customer.subscriptions[].sellerId}) names every subscription's.
 */
public final class Redaction {
    public static final Redaction NONE = new Redaction(Set.of(), Set.of());
    private static final List<String> CUSTOMER_ID = List.of("customer", "id");
    private static final String HASH_PREFIX = "sha256:";
    private static final Pattern HASHED = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Set<List<String>> hashed;
    private final Set<List<String>> dropped;

    public Redaction(Set<String> hashed, Set<String> dropped) {
        this.hashed = parse(hashed);
        this.dropped = parse(dropped);
    }

    public boolean isNone() {
        return hashed.isEmpty() && dropped.isEmpty();
    }

    /** The request tree with the named fields hashed or removed, changed in place. */
    public ObjectNode apply(ObjectNode request) {
        hashed.forEach(path -> visit(request, path, 0, false));
        dropped.forEach(path -> visit(request, path, 0, true));
        return request;
    }

    /** The customer id as the log keeps it: hashed, absent (null) or as is. */
    public String customerKey(String customerId) {
        if (dropped.contains(CUSTOMER_ID)) {
            return null;
        }
        return hashed.contains(CUSTOMER_ID) ? hash(customerId) : customerId;
    }

    /**
     * The fields of a request as logged that the log redacted, or may have: every text that is a hash as this class
     * writes them (whatever the log's settings were when it was written), and every field this redaction drops
     * whose object is there (a dropped field leaves nothing to tell whether it was there). Paths as the API names
     * them, {@code customer.subscriptions[0].sellerId}; empty when nothing was redacted.
     */
    public List<String> redactedIn(JsonNode request) {
        Set<String> paths = new TreeSet<>();
        hashesIn(request, "", paths);
        dropped.forEach(path -> droppable(request, path, 0, "", paths));
        return List.copyOf(paths);
    }

    private static void hashesIn(JsonNode node, String at, Set<String> paths) {
        if (node.isTextual() && HASHED.matcher(node.textValue()).matches()) {
            paths.add(at);
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                hashesIn(array.get(i), at + "[" + i + "]", paths);
            }
        } else if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> hashesIn(field.getValue(),
                    at.isEmpty() ? field.getKey() : at + "." + field.getKey(), paths));
        }
    }

    private static void droppable(JsonNode node, List<String> path, int depth, String at, Set<String> paths) {
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                droppable(array.get(i), path, depth, at + "[" + i + "]", paths);
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        String name = path.get(depth);
        String here = at.isEmpty() ? name : at + "." + name;
        if (depth < path.size() - 1) {
            JsonNode next = object.get(name);
            if (next != null) {
                droppable(next, path, depth + 1, here, paths);
            }
        } else {
            paths.add(here);
        }
    }

    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void visit(JsonNode node, List<String> path, int depth, boolean drop) {
        if (node instanceof ArrayNode array) {
            array.forEach(element -> visit(element, path, depth, drop));
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        String name = path.get(depth);
        if (depth < path.size() - 1) {
            visit(object.get(name), path, depth + 1, drop);
        } else if (drop) {
            object.remove(name);
        } else if (object.has(name)) {
            object.set(name, hashed(object.get(name)));
        }
    }

    private static JsonNode hashed(JsonNode value) {
        if (value instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(element -> copy.add(hashed(element)));
            return copy;
        }
        return value.isNull() || value.isContainerNode() ? value : TextNode.valueOf(hash(value.asText()));
    }

    private static Set<List<String>> parse(Set<String> paths) {
        return paths.stream().map(String::strip).filter(path -> !path.isEmpty()).map(Redaction::parse)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> parse(String path) {
        List<String> names = List.of(path.replace("[]", "").split("\\."));
        if (names.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("not a field path: '" + path + "' (write it as customer.id)");
        }
        return names;
    }
}
