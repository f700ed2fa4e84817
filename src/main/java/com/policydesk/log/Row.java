package com.policydesk.log;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A decision's row in the file, ready to insert.
 *
 * @param id          the decision id's column value ({@link StoredIds})
 * @param atMillis    when it was decided, in milliseconds since 1970 UTC
 * @param ruleset     the id of its version
 * @param customerKey the customer id as the log keeps it
 * @param codes       the ids of its codes, each once, between spaces: {@code " 3 7 "}
 * @param dictionary  the id of the dictionary its payload is compressed with
 * @param size        the payload's length uncompressed
 * @param payload     the request and the recommendations, compressed ({@link PayloadDictionary})
 * @param queuedNanos when it was handed to the log
 */
record Row(Object id, long atMillis, int ruleset, String customerKey, String codes, int dictionary, int size,
           byte[] payload, long durationMicros, long queuedNanos) {
    /** The columns {@link #bind} fills, in its order. */
    static final String COLUMNS = "id, at, ruleset, customer_id, codes, dictionary, size, payload, duration_us";
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?";

    /** Binds {@link #COLUMNS} from parameter {@code first} on. */
    void bind(PreparedStatement insert, int first) throws SQLException {
        insert.setObject(first, id);
        insert.setLong(first + 1, atMillis);
        insert.setInt(first + 2, ruleset);
        insert.setString(first + 3, customerKey);
        insert.setString(first + 4, codes);
        insert.setInt(first + 5, dictionary);
        insert.setInt(first + 6, size);
        insert.setBytes(first + 7, payload);
        insert.setLong(first + 8, durationMicros);
    }
}
