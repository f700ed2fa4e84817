package com.policydesk.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.List;

/**
 * Scenarios written as the suites' YAML: a whole file, or scenarios to add at the end of a file's list. Texts that
 * YAML would read as something else (a number, a boolean, null) are quoted; a date stays a date, which the suites
 * read back as text.
 */
public final class ScenarioYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());
    /** How {@link #YAML} indents the items of a list under its key. */
    private static final String ITEM_INDENT = "  ";

    private ScenarioYaml() {
    }

    /** A suite file: its description, no policy ids of its own, and the scenarios. */
    public static String file(String description, List<ObjectNode> scenarios) {
        ObjectNode file = NODES.objectNode();
        file.put("description", description);
        file.putArray("policies");
        file.set("scenarios", NODES.arrayNode().addAll(scenarios));
        return write(file);
    }

    /**
     * The scenarios as items of a {@code scenarios:} list whose items are indented by {@code indent}, to append to a
     * file that ends with that list.
     */
    public static String items(List<ObjectNode> scenarios, String indent) {
        ObjectNode holder = NODES.objectNode();
        ArrayNode list = holder.putArray("scenarios");
        list.addAll(scenarios);
        String text = write(holder);
        StringBuilder items = new StringBuilder();
        text.lines().skip(1).forEach(line -> items.append(indent).append(line.substring(ITEM_INDENT.length())).append('\n'));
        return items.toString();
    }

    private static String write(ObjectNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree is always YAML", e);
        }
    }
}
