package com.policydesk.request;

import java.util.List;

/**
 * A key that appeared again in the same object, where it was found: field names (strings) and array indexes
 * (integers) from the root, the key last.
 */
record DuplicateKey(List<Object> segments) {
    DuplicateKey {
        segments = List.copyOf(segments);
    }

    String key() {
        return (String) segments.get(segments.size() - 1);
    }
}
