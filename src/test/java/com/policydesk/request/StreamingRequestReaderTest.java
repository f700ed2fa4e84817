package com.policydesk.request;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.model.DecisionRequest;
import com.policydesk.scenario.Scenario;
import com.policydesk.scenario.ScenarioSuite;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path may only accept what the thorough reader accepts, and must then build the same request: checked on
 * every scenario request and on thousands of variants of them, each with one thing changed (a field removed, null,
 * blank, of another type, an unknown value, a malformed date, a repeated key, an unknown field, ...).
 */
class StreamingRequestReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> REPLACEMENTS = List.of(NODES.nullNode(), NODES.textNode(""),
            NODES.textNode("  "), NODES.numberNode(1), NODES.numberNode(1.5), NODES.booleanNode(true),
            NODES.booleanNode(false), NODES.arrayNode(), NODES.objectNode(), NODES.textNode("BOGUS"),
            NODES.textNode("active"), NODES.textNode("2026-02-30"), NODES.textNode("2026-13-01"),
            NODES.textNode("0000-01-01"), NODES.textNode("2024-02-29"), NODES.textNode("20260101"),
            NODES.textNode("2026-1-01"), NODES.textNode(" 2026-01-01"), NODES.textNode("２０２６-01-01"),
            NODES.textNode("RESELL_TO_PARTNER"), NODES.textNode("INDIRECT_RESELLER"), NODES.textNode("USAGE"),
            NODES.textNode("GERMANY"), NODES.arrayNode().add("x").add(" "), NODES.arrayNode().add(1),
            NODES.arrayNode().addNull());

    private final RequestReader reader = new RequestReader();

    @Test
    void everyValidScenarioRequestTakesTheFastPathAndIsReadAsTheThoroughReaderReadsIt() {
        for (Scenario scenario : scenarios()) {
            byte[] body = scenario.body();
            DecisionRequest fast = fast(reader, body);
            if (scenario.expectError() == null) {
                assertThat(fast).as(scenario.displayName()).isNotNull().isEqualTo(thoroughly(reader, body));
            } else {
                assertThat(fast).as(scenario.displayName()).isNull();
            }
        }
    }

    @Test
    void noVariantOfAScenarioRequestIsAcceptedByTheFastPathAloneOrReadDifferently() {
        int variants = 0;
        int acceptedByBoth = 0;
        for (byte[] body : variedBodies()) {
            JsonNode root = parse(body);
            if (thoroughly(reader, body) == null || !root.isObject()) {
                continue;
            }
            for (byte[] variant : variantsOf(root)) {
                variants++;
                DecisionRequest thorough = thoroughly(reader, variant);
                DecisionRequest fast = fast(reader, variant);
                if (fast != null) {
                    assertThat(fast).as(new String(variant, StandardCharsets.UTF_8)).isEqualTo(thorough);
                    acceptedByBoth++;
                }
            }
        }
        assertThat(variants).isGreaterThan(4_000);
        // Nulls on optional fields, empty offers and the like are plainly valid: the fast path must take them (about
        // a fifth of the variants).
        assertThat(acceptedByBoth).isGreaterThan(variants / 10);
    }

    @Test
    void bodiesThatAreNotOneRequestObjectAreLeftToTheThoroughReader() {
        for (String body : List.of("", " ", "null", "[]", "{}", "\"x\"", "{\"partner\":", "{} {}", "{}x",
                "{\"asOf\":\"2026-11-23\"}")) {
            assertThat(fast(reader, body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
        }
        assertThat(fast(reader, new byte[]{'{', (byte) 0xC3, '}'})).isNull();
    }

    @Test
    void aRequestNestedDeeperThanTheReadersLimitIsLeftToTheThoroughReader() {
        byte[] withServices = ReaderFixtures.fixture("mixed-estate.json");
        RequestReader shallow = new RequestReader(ReaderFixtures.CLOCK, 4);
        assertThat(thoroughly(shallow, withServices)).isNull();
        assertThat(fast(shallow, withServices)).isNull();
    }

    @Test
    void moreThanAThousandSubscriptionsOrARepeatedIdAreLeftToTheThoroughReader() {
        ObjectNode request = (ObjectNode) parse(ReaderFixtures.fixture("contract-example.json"));
        ArrayNode subscriptions = (ArrayNode) request.path("customer").path("subscriptions");
        JsonNode first = subscriptions.get(0);
        subscriptions.removeAll();
        for (int i = 0; i < 1000; i++) {
            subscriptions.add(((ObjectNode) first.deepCopy()).put("id", "S-" + i));
        }
        assertThat(fast(reader, bytes(request))).isEqualTo(thoroughly(reader, bytes(request))).isNotNull();
        subscriptions.add(((ObjectNode) first.deepCopy()).put("id", "S-1000"));
        assertThat(fast(reader, bytes(request))).isNull();
        subscriptions.remove(1000);
        subscriptions.add(((ObjectNode) first.deepCopy()).put("id", "S-7"));
        subscriptions.remove(0);
        assertThat(thoroughly(reader, bytes(request))).isNull();
        assertThat(fast(reader, bytes(request))).isNull();
    }

    private static DecisionRequest fast(RequestReader reader, byte[] body) {
        return reader.readPlainlyValid(body);
    }

    private static DecisionRequest thoroughly(RequestReader reader, byte[] body) {
        try {
            return reader.readThoroughly(body);
        } catch (InvalidRequestException refused) {
            return null;
        }
    }

    /** One variant per (place, change): every object field replaced, removed, repeated; an unknown field added. */
    private static List<byte[]> variantsOf(JsonNode root) {
        List<byte[]> variants = new ArrayList<>();
        for (JsonNode container : containers(root)) {
            if (container instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    JsonNode original = object.get(name);
                    for (JsonNode replacement : REPLACEMENTS) {
                        object.set(name, replacement);
                        variants.add(bytes(root));
                    }
                    object.remove(name);
                    variants.add(bytes(root));
                    object.set(name, original);
                    variants.add(withRepeatedField(root, object, name));
                }
                object.put("unexpected", "x");
                variants.add(bytes(root));
                object.remove("unexpected");
            } else if (container instanceof ArrayNode array && !array.isEmpty()) {
                JsonNode first = array.get(0);
                for (JsonNode replacement : REPLACEMENTS) {
                    array.set(0, replacement);
                    variants.add(bytes(root));
                }
                array.set(0, first);
                array.add(first.deepCopy());
                variants.add(bytes(root));
                array.remove(array.size() - 1);
            }
        }
        return variants;
    }

    private static List<JsonNode> containers(JsonNode node) {
        List<JsonNode> found = new ArrayList<>();
        if (node.isContainerNode()) {
            found.add(node);
            for (JsonNode child : node) {
                found.addAll(containers(child));
            }
        }
        return found;
    }

    /** The body with {@code name} written twice in {@code target} (the second time with the value "x"). */
    private static byte[] withRepeatedField(JsonNode root, JsonNode target, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            write(generator, root, target, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator generator, JsonNode node, JsonNode target, String repeated) throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                generator.writeFieldName(field.getKey());
                write(generator, field.getValue(), target, repeated);
                if (node == target && field.getKey().equals(repeated)) {
                    generator.writeStringField(repeated, "x");
                }
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode element : node) {
                write(generator, element, target, repeated);
            }
            generator.writeEndArray();
        } else {
            generator.writeTree(node);
        }
    }

    private static List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        for (ScenarioSuite.Loaded loaded : ScenarioSuite.load(Path.of("test-scenarios"), null)) {
            assertThat(loaded.failure()).isNull();
            scenarios.addAll(loaded.file().scenarios());
        }
        assertThat(scenarios).hasSizeGreaterThan(300);
        return scenarios;
    }

    /** The reader tests' fixtures and every 40th scenario request: every field of the contract, in several shapes. */
    private static List<byte[]> variedBodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (String fixture : List.of("contract-example.json", "mixed-estate.json")) {
            bodies.add(ReaderFixtures.fixture(fixture));
        }
        List<Scenario> scenarios = scenarios();
        for (int i = 0; i < scenarios.size(); i += 40) {
            bodies.add(scenarios.get(i).body());
        }
        return bodies;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return NODES.nullNode();
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
