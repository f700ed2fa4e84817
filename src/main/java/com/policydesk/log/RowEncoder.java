package com.policydesk.log;

import com.policydesk.model.Recommendation;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns decisions into rows: the payload is the request as the log keeps it ({@link LogEntry}), a line break, and
 * the recommendations as {@code [code id, subscription id, details]} arrays, compressed with the file's dictionary;
 * the rest are small columns. Not thread-safe: the writer's.
 */
final class RowEncoder {
    private final Vocabulary vocabulary;
    private final PayloadDictionary.Encoder compressor;
    private final int dictionary;
    private final Redaction redaction;
    private final Clock clock;
    private final JsonBuffer request = new JsonBuffer(2048);
    private final JsonBuffer payload = new JsonBuffer(4096);
    private final StringBuilder codes = new StringBuilder(64);

    RowEncoder(Vocabulary vocabulary, PayloadDictionary dictionary, Redaction redaction, Clock clock) throws SQLException {
        this.vocabulary = vocabulary;
        this.compressor = dictionary.encoder();
        this.dictionary = vocabulary.dictionary(dictionary);
        this.redaction = redaction;
        this.clock = clock;
    }

    Row encode(LoggedDecision decision) throws SQLException {
        int ruleset = vocabulary.ruleset(decision.ruleset(), decision.rulesetFiles(), clock.instant());
        payload.clear();
        String customerKey;
        if (redaction.isNone()) {
            // Compacted straight into the payload: the body is read once on this thread (where it is not in the
            // cache yet, made by an event loop), not copied twice more on its way there.
            RequestBody.compact(decision.request(), decision.asOf(), payload);
            customerKey = redaction.customerKey(decision.customerId());
        } else {
            LogEntry entry = LogEntry.of(decision, redaction, request);
            payload.raw(entry.request());
            customerKey = entry.customerKey();
        }
        return withRecommendations(StoredIds.column(decision.decisionId()), decision.at().toEpochMilli(), ruleset,
                customerKey, decision.recommendations(), RecommendationParts.OF_DECISION,
                decision.durationMicros(), decision.queuedNanos());
    }

    /** A row from its parts: the request's JSON as the log keeps it, and recommendations of any form. */
    <T> Row row(Object id, long atMillis, int ruleset, String customerKey, byte[] requestJson, List<T> recommendations,
                RecommendationParts<T> parts, long durationMicros, long queuedNanos) throws SQLException {
        payload.clear();
        payload.raw(requestJson);
        return withRecommendations(id, atMillis, ruleset, customerKey, recommendations, parts, durationMicros,
                queuedNanos);
    }

    /** Completes the payload that holds the request: a line break, the recommendations; then compresses it. */
    private <T> Row withRecommendations(Object id, long atMillis, int ruleset, String customerKey,
                                        List<T> recommendations, RecommendationParts<T> parts, long durationMicros,
                                        long queuedNanos) throws SQLException {
        payload.raw((byte) '\n').raw((byte) '[');
        codes.setLength(0);
        codes.append(' ');
        for (int i = 0; i < recommendations.size(); i++) {
            T recommendation = recommendations.get(i);
            int code = vocabulary.code(parts.code().apply(recommendation));
            if (i > 0) {
                payload.raw((byte) ',');
            }
            payload.raw((byte) '[').number(code).raw((byte) ',').string(parts.subscriptionId().apply(recommendation));
            Map<String, Object> details = parts.details().apply(recommendation);
            if (!details.isEmpty()) {
                payload.raw((byte) ',').map(details);
            }
            payload.raw((byte) ']');
            addCode(code);
        }
        payload.raw((byte) ']');
        byte[] compressed = compressor.encode(payload.array(), payload.length());
        return new Row(id, atMillis, ruleset, customerKey, codes.toString(), dictionary, payload.length(), compressed,
                durationMicros, queuedNanos);
    }

    /** Each code once, in the order first met. */
    private void addCode(int code) {
        String id = Integer.toString(code);
        int at = 0;
        while ((at = codes.indexOf(id, at)) >= 0) {
            if (codes.charAt(at - 1) == ' ' && codes.charAt(at + id.length()) == ' ') {
                return;
            }
            at += id.length();
        }
        codes.append(id).append(' ');
    }

    /** How to read a recommendation's code, subscription and details, whatever its type. */
    record RecommendationParts<T>(Function<T, String> code, Function<T, String> subscriptionId,
                                  Function<T, Map<String, Object>> details) {
        static final RecommendationParts<Recommendation> OF_DECISION = new RecommendationParts<>(
                Recommendation::code, Recommendation::subscriptionId,
                Recommendation::details);
        static final RecommendationParts<StoredRecommendation> OF_STORED = new RecommendationParts<>(
                StoredRecommendation::code, StoredRecommendation::subscriptionId, StoredRecommendation::details);
    }
}
