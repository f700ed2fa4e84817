package com.policydesk.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A logged decision as one JSON document, for a log kept outside SQLite (the Kafka topic): the fields of a row of
 * the SQLite log, with the request and recommendations written by the same {@link DecisionJson} as that row, so
 * that both logs hold the same content. Thread-safe.
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

    /** The customer id as the log keeps it (hashed, or null when the log drops it): the record's key. */
    public String key(LoggedDecision decision) {
        return redaction.customerKey(decision.request().customer().id());
    }

    public byte[] write(LoggedDecision decision) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("decisionId", decision.decisionId());
            generator.writeStringField("at", LogTime.format(decision.at()));
            generator.writeStringField("ruleset", decision.ruleset());
            generator.writeStringField("customerId", key(decision));
            generator.writeFieldName("request");
            generator.writeRawValue(utf8(json.request(decision.request(), redaction)));
            generator.writeFieldName("recommendations");
            generator.writeRawValue(utf8(json.recommendations(decision.recommendations())));
            generator.writeNumberField("durationUs", TimeUnit.NANOSECONDS.toMicros(decision.durationNanos()));
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
