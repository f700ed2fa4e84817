package com.policydesk.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reads of one JSON object's fields. Each read reports what is wrong at the field's path and returns null
 * instead of throwing, so the walk goes on and finds every problem. A null result is then either "absent" or
 * "wrong"; which one does not matter, because nothing is built once a problem has been reported.
 */
final class ObjectFields {
    /** Exactly four, two and two ASCII digits: LocalDate.parse alone would also take a year such as +12026. */
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final JsonNode node;
    private final String path;
    private final Problems problems;

    ObjectFields(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String pathOf(String name) {
        return Paths.field(path, name);
    }

    /** A string that must be there and not blank. */
    String requiredText(String name) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            reportAbsent(name, value, Messages.REQUIRED);
            return null;
        }
        return nonBlankText(name, value);
    }

    /** A string that must be there and not blank because of another field's value ({@code requirement} says which). */
    String conditionalText(String name, String requirement) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            problems.add(pathOf(name), requirement);
            return null;
        }
        return nonBlankText(name, value);
    }

    /** A string that may be absent or null; when present it may be empty, only required strings must not be. */
    String optionalText(String name) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(pathOf(name), Messages.STRING);
            return null;
        }
        return value.textValue();
    }

    /** A JSON boolean that must be there because of another field's value; "true" or 1 will not do. */
    Boolean conditionalBoolean(String name, String requirement) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            problems.add(pathOf(name), requirement);
            return null;
        }
        return booleanValue(name, value);
    }

    Boolean optionalBoolean(String name) {
        JsonNode value = node.get(name);
        return isAbsent(value) ? null : booleanValue(name, value);
    }

    <E extends Enum<E>> E requiredEnum(String name, EnumValues<E> values) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            reportAbsent(name, value, Messages.REQUIRED);
            return null;
        }
        return enumValue(name, value, values);
    }

    /** The value, {@code fallback} when absent or null, or null when it is not one of the values. */
    <E extends Enum<E>> E optionalEnum(String name, EnumValues<E> values, E fallback) {
        JsonNode value = node.get(name);
        return isAbsent(value) ? fallback : enumValue(name, value, values);
    }

    /** A date as YYYY-MM-DD that is a real calendar day, or null when absent or wrong. */
    LocalDate optionalDate(String name) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isTextual() || !DATE.matcher(value.textValue()).matches()) {
            problems.add(pathOf(name), Messages.DATE);
            return null;
        }
        try {
            return LocalDate.parse(value.textValue());
        } catch (DateTimeParseException notACalendarDay) {
            problems.add(pathOf(name), Messages.CALENDAR_DAY);
            return null;
        }
    }

    /** A list of strings; absent or null is an empty list; each null or non-string element is reported. */
    List<String> optionalTextList(String name) {
        ArrayNode array = optionalArray(name);
        if (array == null) {
            return List.of();
        }
        String arrayPath = pathOf(name);
        List<String> texts = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (element.isNull()) {
                problems.add(Paths.index(arrayPath, i), Messages.NOT_NULL);
            } else if (!element.isTextual()) {
                problems.add(Paths.index(arrayPath, i), Messages.STRING);
            } else {
                texts.add(element.textValue());
            }
        }
        return texts;
    }

    /** An array, or null when absent, null or (reported) not an array. */
    ArrayNode optionalArray(String name) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            return null;
        }
        return arrayValue(name, value);
    }

    ArrayNode requiredArray(String name) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            reportAbsent(name, value, Messages.REQUIRED);
            return null;
        }
        return arrayValue(name, value);
    }

    /** The fields of a nested object, or null when it is absent, null or (reported) not an object. */
    ObjectFields requiredObject(String name) {
        JsonNode value = node.get(name);
        if (isAbsent(value)) {
            reportAbsent(name, value, Messages.REQUIRED);
            return null;
        }
        return objectValue(name, value);
    }

    ObjectFields optionalObject(String name) {
        JsonNode value = node.get(name);
        return isAbsent(value) ? null : objectValue(name, value);
    }

    /** Reports each field not in {@code known}, in document order: a typo must not be silently dropped. */
    void rejectUnknown(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(pathOf(name), Messages.unknownField(name));
            }
        }
    }

    /** The contract: null on an optional field means absent. */
    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull();
    }

    /** Missing and null are told apart in the message: the client sent the key, just not a value. */
    private void reportAbsent(String name, JsonNode value, String missingMessage) {
        problems.add(pathOf(name), value == null ? missingMessage : Messages.NOT_NULL);
    }

    private String nonBlankText(String name, JsonNode value) {
        if (!value.isTextual()) {
            problems.add(pathOf(name), Messages.STRING);
            return null;
        }
        // String.isBlank, as the model records check it, so what passes here never fails there.
        if (value.textValue().isBlank()) {
            problems.add(pathOf(name), Messages.NOT_BLANK);
            return null;
        }
        return value.textValue();
    }

    private Boolean booleanValue(String name, JsonNode value) {
        if (!value.isBoolean()) {
            problems.add(pathOf(name), Messages.BOOLEAN);
            return null;
        }
        return value.booleanValue();
    }

    /** A non-string is reported with the allowed values too: that is what the client needs to send. */
    private <E extends Enum<E>> E enumValue(String name, JsonNode value, EnumValues<E> values) {
        E found = value.isTextual() ? values.find(value.textValue()) : null;
        if (found == null) {
            problems.add(pathOf(name), values.oneOfMessage());
        }
        return found;
    }

    private ArrayNode arrayValue(String name, JsonNode value) {
        if (!value.isArray()) {
            problems.add(pathOf(name), Messages.ARRAY);
            return null;
        }
        return (ArrayNode) value;
    }

    private ObjectFields objectValue(String name, JsonNode value) {
        if (!value.isObject()) {
            problems.add(pathOf(name), Messages.OBJECT);
            return null;
        }
        return new ObjectFields(value, pathOf(name), problems);
    }
}
