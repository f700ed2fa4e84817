package com.policydesk.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A YAML file as a JSON tree, with the line of every value: scenario errors name the file and the line.
 * Dates stay text, as a CRM would send them in JSON.
 */
final class YamlDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** YAML 1.1's words for true, as SnakeYAML resolves them. */
    private static final Set<String> YAML_TRUE = Set.of("true", "yes", "y", "on");

    private final String file;
    private final JsonNode root;
    /** By identity: equal values on different lines are different nodes. */
    private final Map<JsonNode, Integer> lines = new IdentityHashMap<>();

    private YamlDocument(String file, Node yaml) {
        this.file = file;
        this.root = yaml == null ? NODES.objectNode() : convert(yaml);
    }

    static YamlDocument parse(String file, String text) {
        try {
            return new YamlDocument(file, new Yaml(new LoaderOptions()).compose(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            throw new ScenarioFileException(file, e.getProblemMark().getLine() + 1, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ScenarioFileException(file, 0, "not valid YAML: " + e.getMessage());
        }
    }

    JsonNode root() {
        return root;
    }

    String file() {
        return file;
    }

    /** The 1-based line a node starts on, or 0 when not known (a node built by merging). */
    int lineOf(JsonNode node) {
        return lines.getOrDefault(node, 0);
    }

    ScenarioFileException error(JsonNode at, String message) {
        return new ScenarioFileException(file, lineOf(at), message);
    }

    private JsonNode convert(Node node) {
        JsonNode converted;
        if (node instanceof MappingNode mapping) {
            converted = convertMapping(mapping);
        } else if (node instanceof SequenceNode sequence) {
            converted = convertSequence(sequence);
        } else if (node instanceof ScalarNode scalar) {
            converted = convertScalar(scalar);
        } else {
            throw new ScenarioFileException(file, line(node), "this kind of YAML node is not supported here");
        }
        lines.put(converted, line(node));
        return converted;
    }

    private ObjectNode convertMapping(MappingNode mapping) {
        ObjectNode object = NODES.objectNode();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new ScenarioFileException(file, line(tuple.getKeyNode()), "a key must be a plain name");
            }
            if (object.has(key.getValue())) {
                throw new ScenarioFileException(file, line(key), "key '" + key.getValue() + "' appears twice");
            }
            JsonNode value = convert(tuple.getValueNode());
            // A value is reported at its key's line: for a block list or mapping, its own starts a line later.
            lines.put(value, line(key));
            object.set(key.getValue(), value);
        }
        return object;
    }

    private ArrayNode convertSequence(SequenceNode sequence) {
        ArrayNode array = NODES.arrayNode();
        sequence.getValue().forEach(item -> array.add(convert(item)));
        return array;
    }

    private JsonNode convertScalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return NODES.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return NODES.booleanNode(YAML_TRUE.contains(value.toLowerCase(Locale.ROOT)));
        }
        if (Tag.INT.equals(tag)) {
            return NODES.numberNode(new BigInteger(value.replace("_", "")));
        }
        if (Tag.FLOAT.equals(tag)) {
            return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
        }
        // A new node each time (not TextNode.valueOf's shared ones), so that each keeps its own line.
        return new TextNode(value);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
