package com.policydesk.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * A logged decision as one JSON document, for a log kept outside SQLite (the Kafka topic): the content of a row of
 * the SQLite log, made from the same {@link LogEntry}, in readable JSON (the topic compresses its batches itself).
 * Its request is the SQLite row's (as received, compact, with its {@code asOf}, redacted); its recommendations keep
 * their kind and policy beside the code, subscription and details, since a reader of the topic has no rule files
 * to rebuild them from. {@link #entry} and {@link #write} are for one thread (the sender's); {@link #read} is
 * thread-safe.
 *
 * <pre>{"decisionId", "at", "ruleset", "customerId", "request": {…}, "recommendations": […], "durationUs"}</pre>
 */
public final class DecisionRecordJson {
    private static final ObjectMapper READER = new ObjectMapper();

    private final Redaction redaction;
    private final JsonBuffer request = new JsonBuffer(2048);
    private final JsonBuffer record = new JsonBuffer(4096);

    public DecisionRecordJson(Redaction redaction) {
        this.redaction = redaction;
    }

    /** The decision as the log stores it; its {@code customerKey} is the record's key. */
    public LogEntry entry(LoggedDecision decision) {
        return LogEntry.of(decision, redaction, request);
    }

    public byte[] write(LogEntry entry) {
        record.clear();
        record.ascii("{\"decisionId\":").string(entry.decisionId())
                .ascii(",\"at\":").string(LogTime.format(entry.at()))
                .ascii(",\"ruleset\":").string(entry.ruleset())
                .ascii(",\"customerId\":").string(entry.customerKey())
                .ascii(",\"request\":").raw(entry.request())
                .ascii(",\"recommendations\":").raw(DecisionJson.recommendations(entry.recommendations()))
                .ascii(",\"durationUs\":").number(entry.durationMicros())
                .raw((byte) '}');
        return record.toByteArray();
    }

    /**
     * Reads a record back.
     *
     * @param sequence its place in the log (a topic's offset): newer is larger within one partition
     * @throws IllegalArgumentException when the value is not such a record
     */
    public StoredDecision read(long sequence, byte[] value) {
        try {
            JsonNode record = READER.readTree(value);
            return new StoredDecision(sequence, text(record, "decisionId"), LogTime.parse(text(record, "at")),
                    text(record, "ruleset"), record.path("customerId").textValue(), required(record, "request").toString(),
                    recommendations(required(record, "recommendations")), record.path("durationUs").asLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a logged decision: " + e.getMessage(), e);
        }
    }

    private static List<StoredRecommendation> recommendations(JsonNode array) {
        return DecisionJson.readRecommendations(array.toString());
    }

    private static String text(JsonNode record, String field) {
        return required(record, field).asText();
    }

    private static JsonNode required(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value;
    }
}
