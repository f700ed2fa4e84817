package com.policydesk.request;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The accepted spellings of one enum, built once: a map lookup instead of {@code Enum.valueOf}, which would
 * throw (and fill a stack trace) for every unknown value, and the "must be one of" message precomputed.
 */
final class EnumValues<E extends Enum<E>> {
    private final Map<String, E> byName;
    private final String oneOfMessage;

    private EnumValues(E[] values) {
        this.byName = new HashMap<>();
        for (E value : values) {
            byName.put(value.name(), value);
        }
        this.oneOfMessage = Messages.oneOf(Stream.of(values).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** Pass {@code X.values()}: declaration order is the order the message lists them in. */
    static <E extends Enum<E>> EnumValues<E> of(E[] values) {
        return new EnumValues<>(values);
    }

    /** The constant spelled exactly (case-sensitive) {@code text}, or null. */
    E find(String text) {
        return byName.get(text);
    }

    String oneOfMessage() {
        return oneOfMessage;
    }
}
