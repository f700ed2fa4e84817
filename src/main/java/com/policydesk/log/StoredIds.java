package com.policydesk.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Decision ids in the file: a UUID (every id the service makes) as its 16 bytes, less than half its text, in the
 * row and in the unique index on it; any other id as its text. The {@code decisions} view shows both as text.
 */
final class StoredIds {
    private static final int UUID_TEXT_LENGTH = 36;

    private StoredIds() {
    }

    /** The column's value: 16 bytes for a UUID written as {@link UUID#toString()} writes it, else the text. */
    static Object column(String decisionId) {
        return isCanonicalUuid(decisionId) ? bytes(UUID.fromString(decisionId)) : decisionId;
    }

    /** The id a column's value stands for. */
    static String text(Object column) {
        if (column instanceof byte[] bytes && bytes.length == 16) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong()).toString();
        }
        return column instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(column);
    }

    private static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    /** Lower-case hex in the 8-4-4-4-12 form: what reads back as the same text. */
    private static boolean isCanonicalUuid(String id) {
        if (id.length() != UUID_TEXT_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_TEXT_LENGTH; i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
