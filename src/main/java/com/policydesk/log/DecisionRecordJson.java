package com.policydesk.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A logged decision as one JSON document, for a log kept outside SQLite (the Kafka topic): the fields of a row of
 * the SQLite log, made from the same {@link LogEntry} as that row, so that both logs hold the same content. Thread-safe.
 *
 * <pre>{"decisionId", "at", "ruleset", "customerId", "request": {…}, "recommendations": […], "durationUs"}</pre>
 */
public final class DecisionRecordJson {
    private static final ObjectMapper READER = new ObjectMapper();

    private final Redaction redaction;
    private final DecisionJson json = new DecisionJson();
    private final JsonFactory factory = new JsonFactory();

    public DecisionRecordJson(Redaction redaction) {
        this.redaction = redaction;
    }

    /** The decision as the log stores it; its {@code customerKey} is the record's key. */
    public LogEntry entry(LoggedDecision decision) {
        return LogEntry.of(decision, json, redaction);
    }

    public byte[] write(LogEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("decisionId", entry.decisionId());
            generator.writeStringField("at", entry.at());
            generator.writeStringField("ruleset", entry.ruleset());
            generator.writeStringField("customerId", entry.customerKey());
            generator.writeFieldName("request");
            generator.writeRawValue(utf8(entry.request()));
            generator.writeFieldName("recommendations");
            generator.writeRawValue(utf8(entry.recommendations()));
            generator.writeNumberField("durationUs", entry.durationMicros());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
                    json.readRecommendations(required(record, "recommendations").toString()),
                    record.path("durationUs").asLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a logged decision: " + e.getMessage(), e);
        }
    }

    private static String utf8(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
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
