package com.policydesk.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.model.Recommendation;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A decision's answer as the API's JSON, written field by field on one generator: the same bytes the object mapper
 * writes (ResponseJsonTest compares them on every scenario's answer), without its per-value serializer look-ups and
 * writer set-up, which cost about as much as the writing itself for an answer of a dozen recommendations. A trace
 * ({@code ?explain=true}), and any detail value of a type this class does not know, are left to the mapper.
 * Thread-safe.
 */
@Singleton
public class ResponseJson {
    private static final SerializedString DECISION_ID = new SerializedString("decisionId");
    private static final SerializedString RULESET = new SerializedString("ruleset");
    private static final SerializedString AS_OF = new SerializedString("asOf");
    private static final SerializedString RECOMMENDATIONS = new SerializedString("recommendations");
    private static final SerializedString CODE = new SerializedString("code");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString SUBSCRIPTION_ID = new SerializedString("subscriptionId");
    private static final SerializedString POLICY = new SerializedString("policy");
    private static final SerializedString RULE = new SerializedString("rule");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString DETAILS = new SerializedString("details");

    private final ObjectMapper mapper;

    /** @param mapper the application's mapper (dates as ISO strings), for traces and unusual detail values */
    public ResponseJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The answer's JSON as UTF-8 bytes. */
    public byte[] write(DecisionResponse response) {
        if (response.trace() != null) {
            try {
                return mapper.writeValueAsBytes(response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ExactBytes bytes = new ExactBytes();
        try (JsonGenerator generator = mapper.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            writeDecision(generator, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void writeDecision(JsonGenerator json, DecisionResponse response) throws IOException {
        json.writeStartObject();
        writeField(json, DECISION_ID, response.decisionId());
        writeField(json, RULESET, response.ruleset());
        writeField(json, AS_OF, response.asOf().toString());
        json.writeFieldName(RECOMMENDATIONS);
        json.writeStartArray();
        for (Recommendation recommendation : response.recommendations()) {
            writeRecommendation(json, recommendation);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void writeRecommendation(JsonGenerator json, Recommendation recommendation) throws IOException {
        json.writeStartObject();
        writeField(json, CODE, recommendation.code());
        writeField(json, KIND, recommendation.kind().name());
        writeField(json, SUBSCRIPTION_ID, recommendation.subscriptionId());
        writeField(json, POLICY, recommendation.policy());
        writeField(json, RULE, recommendation.rule());
        writeField(json, MESSAGE, recommendation.message());
        json.writeFieldName(DETAILS);
        writeValue(json, recommendation.details());
        json.writeEndObject();
    }

    private static void writeField(JsonGenerator json, SerializedString name, String value) throws IOException {
        json.writeFieldName(name);
        writeText(json, value);
    }

    private static void writeText(JsonGenerator json, String text) throws IOException {
        if (text == null) {
            json.writeNull();
        } else {
            json.writeString(text);
        }
    }

    /** The value types rules put in details; anything else as the mapper writes it. */
    private void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            writeText(json, text);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Enum<?> constant) {
            json.writeString(constant.name());
        } else if (value instanceof LocalDate date) {
            json.writeString(date.toString());
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> values) {
            json.writeStartArray();
            for (Object element : values) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else {
            mapper.writeValue(json, value);
        }
    }

    /**
     * Where the generator flushes its (pooled) buffer: an answer shorter than that buffer (8,000 bytes) arrives in one
     * write, which is kept as the result, copied once; a longer one is gathered as a byte stream gathers it.
     */
    private static final class ExactBytes extends OutputStream {
        private byte[] only;
        private ByteArrayOutputStream more;

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (only == null && more == null) {
                only = Arrays.copyOfRange(bytes, offset, offset + length);
                return;
            }
            if (more == null) {
                more = new ByteArrayOutputStream(only.length * 2 + length);
                more.writeBytes(only);
            }
            more.write(bytes, offset, length);
        }

        byte[] toByteArray() {
            return more != null ? more.toByteArray() : only != null ? only : new byte[0];
        }
    }
}
