package com.policydesk.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a scenario file (YAML), strictly: an unknown key or a misplaced value is an error with its line. */
public final class ScenarioParser {
    private static final Set<String> FILE_KEYS = Set.of("description", "policies", "fragments", "scenarios");
    private static final Set<String> SCENARIO_KEYS = Set.of("id", "description", "uses", "given", "givenJson", "exactly",
            "expect", "expectNot", "expectError");
    private static final Set<String> EXPECT_KEYS = Set.of("code", "subscriptionId", "kind", "details");
    private static final Set<String> EXPECT_NOT_KEYS = Set.of("code", "subscriptionId");
    private static final Set<String> EXPECT_ERROR_KEYS = Set.of("code", "paths");

    private final ObjectMapper json = new ObjectMapper();

    /** Parses one file; {@code path} is how errors and test names refer to it. */
    public ScenarioFile parse(String path, String text) {
        YamlDocument yaml = YamlDocument.parse(path, text);
        JsonNode root = yaml.root();
        requireObject(yaml, root, "the file");
        allowOnly(yaml, root, FILE_KEYS, "the file");
        String description = requiredText(yaml, root, "description", "the file");
        List<String> policies = texts(yaml, required(yaml, root, "policies", "the file"), "policies");
        Map<String, ObjectNode> fragments = fragments(yaml, root.get("fragments"));
        JsonNode list = required(yaml, root, "scenarios", "the file");
        if (!list.isArray() || list.isEmpty()) {
            throw yaml.error(list, "'scenarios' must be a non-empty list");
        }
        List<Scenario> scenarios = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode node : list) {
            Scenario scenario = scenario(yaml, node, fragments);
            if (!ids.add(scenario.id())) {
                throw yaml.error(node, "scenario id '" + scenario.id() + "' is used twice in this file");
            }
            scenarios.add(scenario);
        }
        return new ScenarioFile(path, description, policies, scenarios);
    }

    private Scenario scenario(YamlDocument yaml, JsonNode node, Map<String, ObjectNode> fragments) {
        requireObject(yaml, node, "a scenario");
        String id = requiredText(yaml, node, "id", "a scenario");
        String where = "scenario '" + id + "'";
        allowOnly(yaml, node, SCENARIO_KEYS, where);
        String description = requiredText(yaml, node, "description", where);
        byte[] body = body(yaml, node, fragments, where);
        boolean exactly = node.has("exactly") && booleanValue(yaml, node.get("exactly"), "exactly");
        List<Scenario.Expected> expect = expected(yaml, node.get("expect"));
        List<Scenario.Unexpected> expectNot = unexpected(yaml, node.get("expectNot"));
        Scenario.ExpectedError expectError = expectedError(yaml, node.get("expectError"));
        if (expectError != null && (!expect.isEmpty() || !expectNot.isEmpty() || exactly)) {
            throw yaml.error(node, where + ": 'expectError' stands alone, without 'expect', 'expectNot' or 'exactly'");
        }
        if (expectError == null && expect.isEmpty() && expectNot.isEmpty() && !exactly) {
            throw yaml.error(node, where + " expects nothing: give 'expect', 'expectNot' or 'expectError'");
        }
        return new Scenario(yaml.file(), yaml.lineOf(node), id, description, body, exactly, expect, expectNot, expectError);
    }

    private byte[] body(YamlDocument yaml, JsonNode node, Map<String, ObjectNode> fragments, String where) {
        boolean hasGiven = node.has("given");
        boolean hasJson = node.has("givenJson");
        if (hasGiven == hasJson) {
            throw yaml.error(node, where + " needs exactly one of 'given' and 'givenJson'");
        }
        if (hasJson) {
            if (node.has("uses")) {
                throw yaml.error(node.get("uses"), where + ": 'uses' works with 'given', not with 'givenJson'");
            }
            JsonNode text = node.get("givenJson");
            if (!text.isTextual()) {
                throw yaml.error(text, where + ": 'givenJson' must be JSON text, in quotes");
            }
            return text.textValue().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode merged = json.createObjectNode();
        if (node.has("uses")) {
            for (String name : texts(yaml, node.get("uses"), "uses")) {
                ObjectNode fragment = fragments.get(name);
                if (fragment == null) {
                    throw yaml.error(node.get("uses"), where + " uses unknown fragment '" + name + "'; this file has "
                            + fragments.keySet());
                }
                deepMerge(merged, fragment);
            }
        }
        JsonNode given = node.get("given");
        if (given.isObject()) {
            deepMerge(merged, (ObjectNode) given);
        } else if (node.has("uses")) {
            throw yaml.error(given, where + ": with 'uses', 'given' must be an object");
        }
        try {
            return json.writeValueAsBytes(given.isObject() || node.has("uses") ? merged : given);
        } catch (JsonProcessingException e) {
            throw yaml.error(given, where + ": 'given' cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    /** Objects merge key by key; anything else (arrays included) is replaced by the later value. */
    static void deepMerge(ObjectNode target, ObjectNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode incoming) {
                deepMerge(existingObject, incoming);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private Map<String, ObjectNode> fragments(YamlDocument yaml, JsonNode node) {
        Map<String, ObjectNode> fragments = new HashMap<>();
        if (node == null) {
            return fragments;
        }
        requireObject(yaml, node, "'fragments'");
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isObject()) {
                throw yaml.error(entry.getValue(), "fragment '" + entry.getKey() + "' must be an object (part of a request)");
            }
            fragments.put(entry.getKey(), (ObjectNode) entry.getValue());
        });
        return fragments;
    }

    private List<Scenario.Expected> expected(YamlDocument yaml, JsonNode list) {
        List<Scenario.Expected> expected = new ArrayList<>();
        for (JsonNode item : items(yaml, list, "expect")) {
            requireObject(yaml, item, "an 'expect' item");
            allowOnly(yaml, item, EXPECT_KEYS, "an 'expect' item");
            JsonNode details = item.get("details");
            if (details != null && !details.isObject()) {
                throw yaml.error(details, "'details' must be an object (a subset of the recommendation's details)");
            }
            expected.add(new Scenario.Expected(requiredText(yaml, item, "code", "an 'expect' item"),
                    optionalText(yaml, item, "subscriptionId"), item.has("subscriptionId"),
                    optionalText(yaml, item, "kind"), details));
        }
        return expected;
    }

    private List<Scenario.Unexpected> unexpected(YamlDocument yaml, JsonNode list) {
        List<Scenario.Unexpected> unexpected = new ArrayList<>();
        for (JsonNode item : items(yaml, list, "expectNot")) {
            requireObject(yaml, item, "an 'expectNot' item");
            allowOnly(yaml, item, EXPECT_NOT_KEYS, "an 'expectNot' item");
            unexpected.add(new Scenario.Unexpected(requiredText(yaml, item, "code", "an 'expectNot' item"),
                    optionalText(yaml, item, "subscriptionId"), item.has("subscriptionId")));
        }
        return unexpected;
    }

    private Scenario.ExpectedError expectedError(YamlDocument yaml, JsonNode node) {
        if (node == null) {
            return null;
        }
        requireObject(yaml, node, "'expectError'");
        allowOnly(yaml, node, EXPECT_ERROR_KEYS, "'expectError'");
        List<String> paths = node.has("paths") ? texts(yaml, node.get("paths"), "paths") : List.of();
        return new Scenario.ExpectedError(requiredText(yaml, node, "code", "'expectError'"), paths);
    }

    private static Iterable<JsonNode> items(YamlDocument yaml, JsonNode list, String name) {
        if (list == null) {
            return List.of();
        }
        if (!list.isArray()) {
            throw yaml.error(list, "'" + name + "' must be a list");
        }
        return list;
    }

    private static void allowOnly(YamlDocument yaml, JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw yaml.error(node.get(key), "unknown key '" + key + "' in " + where + "; allowed: "
                        + allowed.stream().sorted().toList());
            }
        });
    }

    private static void requireObject(YamlDocument yaml, JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw yaml.error(node, what + " must be a mapping of keys to values");
        }
    }

    private static JsonNode required(YamlDocument yaml, JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw yaml.error(node, where + " needs '" + key + "'");
        }
        return value;
    }

    private static String requiredText(YamlDocument yaml, JsonNode node, String key, String where) {
        JsonNode value = required(yaml, node, key, where);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw yaml.error(value, "'" + key + "' in " + where + " must be a non-blank text");
        }
        return value.asText();
    }

    private static String optionalText(YamlDocument yaml, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw yaml.error(value, "'" + key + "' must be a text");
        }
        return value.asText();
    }

    private static boolean booleanValue(YamlDocument yaml, JsonNode value, String key) {
        if (!value.isBoolean()) {
            throw yaml.error(value, "'" + key + "' must be true or false");
        }
        return value.booleanValue();
    }

    private static List<String> texts(YamlDocument yaml, JsonNode list, String key) {
        if (!list.isArray()) {
            throw yaml.error(list, "'" + key + "' must be a list, as [A, B]");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isValueNode() || item.isNull()) {
                throw yaml.error(item, "every item of '" + key + "' must be a text");
            }
            texts.add(item.asText());
        }
        return texts;
    }
}
