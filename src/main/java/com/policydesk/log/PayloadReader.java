package com.policydesk.log;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;

/**
 * Reads rows' payloads back on one read connection: the request's JSON and the recommendations, their code ids
 * turned back into codes. Made per read (it loads the codes and dictionaries the file holds then), and closed after; not thread-safe.
 */
final class PayloadReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final Map<Integer, String> codes = new HashMap<>();
    private final Map<Integer, PayloadDictionary> dictionaries = new HashMap<>();
    private final Inflater inflater = new Inflater(true);

    PayloadReader(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT id, code FROM log_codes")) {
                while (result.next()) {
                    codes.put(result.getInt(1), result.getString(2));
                }
            }
            try (ResultSet result = statement.executeQuery("SELECT id, dictionary FROM log_dictionaries")) {
                while (result.next()) {
                    dictionaries.put(result.getInt(1), new PayloadDictionary(result.getBytes(2)));
                }
            }
        }
    }

    /** The code of an id, as the codes column and payloads hold them. */
    String code(int id) {
        String code = codes.get(id);
        if (code == null) {
            throw new IllegalStateException("the decision log names code " + id + ", which it does not hold");
        }
        return code;
    }

    boolean hasDictionary(int id) {
        return dictionaries.containsKey(id);
    }

    PayloadDictionary dictionary(int id) {
        PayloadDictionary known = dictionaries.get(id);
        if (known == null) {
            throw new IllegalStateException("the decision log names dictionary " + id + ", which it does not hold");
        }
        return known;
    }

    Payload read(int dictionary, byte[] payload, int size) {
        PayloadDictionary known = dictionaries.get(dictionary);
        if (known == null) {
            throw new IllegalStateException("the decision log names dictionary " + dictionary + ", which it does not hold");
        }
        byte[] content = known.inflate(payload, size, inflater);
        int lineBreak = indexOf(content, (byte) '\n');
        String request = new String(content, 0, lineBreak, StandardCharsets.UTF_8);
        return new Payload(request, recommendations(DecisionJson.tree(
                Arrays.copyOfRange(content, lineBreak + 1, content.length))));
    }

    /** {@code [[code id, subscription id, details?], …]} */
    private List<StoredRecommendation> recommendations(JsonNode array) {
        List<StoredRecommendation> recommendations = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            JsonNode details = item.get(2);
            recommendations.add(new StoredRecommendation(code(item.get(0).intValue()), null, item.get(1).textValue(), null,
                    details == null ? Map.of() : JSON.convertValue(details, DETAILS)));
        }
        return recommendations;
    }

    @Override
    public void close() {
        inflater.end();
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("a payload without its line break: it is damaged");
    }

    record Payload(String request, List<StoredRecommendation> recommendations) {
    }
}
