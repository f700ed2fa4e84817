package com.policydesk.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.model.DecisionRequest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a decision request, or a batch of them, from a JSON body as the contract defines it: every problem is
 * reported with its path ({@code customer.subscriptions[1].channel}; {@code ""} for the body as a whole), and the
 * model records are built, defaults applied, only when there is none.
 *
 * <p>A single request takes one of two paths: a plainly valid body is read in one pass straight into the records
 * ({@link StreamingRequestReader}); any other is parsed into a tree (duplicate keys recorded) and walked field by
 * field ({@link RequestValidator}), which finds every problem.
 *
 * <p>Framework-free and thread-safe: build one and use it for every request.
 */
public final class RequestReader {
    /** Enough for any valid request (a batch nests 7 levels) while refusing pathological bodies early. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 32;
    /** Recursion depth while building a tree: kept well inside a thread's stack. */
    public static final int MAX_NESTING_DEPTH_LIMIT = 1000;
    public static final int MAX_BATCH_ITEMS = 1000;
    public static final int MAX_SUBSCRIPTIONS = RequestValidator.MAX_SUBSCRIPTIONS;

    private static final String REQUESTS = "requests";
    private static final Set<String> ENVELOPE_FIELDS = Set.of(REQUESTS);

    private final Clock clock;
    private final JsonBodyParser parser;
    private final StreamingRequestReader streaming;

    /** A reader with the UTC system clock and a nesting limit of {@value #DEFAULT_MAX_NESTING_DEPTH}. */
    public RequestReader() {
        this(Clock.systemUTC(), DEFAULT_MAX_NESTING_DEPTH);
    }

    /**
     * @param clock           gives today (in UTC, whatever the clock's zone) for requests without {@code asOf}
     * @param maxNestingDepth how many objects and arrays may be nested in a body, 1 to 1000
     */
    public RequestReader(Clock clock, int maxNestingDepth) {
        if (maxNestingDepth < 1 || maxNestingDepth > MAX_NESTING_DEPTH_LIMIT) {
            throw new IllegalArgumentException(
                    "maxNestingDepth must be 1 to " + MAX_NESTING_DEPTH_LIMIT + ", was " + maxNestingDepth);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.parser = new JsonBodyParser(maxNestingDepth);
        this.streaming = new StreamingRequestReader(parser.factory(), maxNestingDepth);
    }

    /**
     * Reads one request body.
     *
     * @throws InvalidRequestException with every problem found
     */
    public DecisionRequest read(byte[] body) {
        DecisionRequest plainlyValid = readPlainlyValid(body);
        return plainlyValid != null ? plainlyValid : readThoroughly(body);
    }

    /** The fast path alone: the request, or null when the body is anything but plainly valid. */
    DecisionRequest readPlainlyValid(byte[] body) {
        return streaming.read(body, this::today);
    }

    /**
     * The thorough path alone: the body as a tree, walked field by field; every problem reported.
     *
     * @throws InvalidRequestException with every problem found
     */
    DecisionRequest readThoroughly(byte[] body) {
        ParsedBody parsed = parser.parse(body);
        List<FieldError> duplicates = new ArrayList<>(parsed.duplicates().size());
        for (DuplicateKey duplicate : parsed.duplicates()) {
            duplicates.add(duplicateError(duplicate, 0));
        }
        return readRequest(parsed.root(), duplicates);
    }

    /**
     * Reads one request that is already parsed, such as an item of a batch; paths are relative to {@code node}.
     *
     * @throws InvalidRequestException with every problem found
     */
    public DecisionRequest read(JsonNode node) {
        return readRequest(Objects.requireNonNull(node, "node"), List.of());
    }

    /**
     * Reads a batch body, {@code { "requests": [ ... ] }}: each item on its own, in order.
     *
     * @throws InvalidRequestException only when the envelope is bad (not an object, {@code requests} missing, not
     *                                 an array or too long, another field): then no item is read
     */
    public List<BatchItem> readBatch(byte[] body) {
        ParsedBody parsed = parser.parse(body);
        ArrayNode requests = readEnvelope(parsed);
        Map<Integer, List<FieldError>> duplicatesByItem = duplicatesByItem(parsed.duplicates());
        List<BatchItem> items = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            items.add(readItem(requests.get(i), duplicatesByItem.getOrDefault(i, List.of())));
        }
        return items;
    }

    private BatchItem readItem(JsonNode item, List<FieldError> duplicates) {
        try {
            return new BatchItem.Valid(readRequest(item, duplicates));
        } catch (InvalidRequestException e) {
            return new BatchItem.Invalid(e);
        }
    }

    /** The {@code requests} array, or the envelope's problems thrown; duplicates inside items are not its concern. */
    private static ArrayNode readEnvelope(ParsedBody parsed) {
        JsonNode root = parsed.root();
        if (!root.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError(Paths.ROOT, Messages.JSON_OBJECT)));
        }
        Problems problems = new Problems();
        for (DuplicateKey duplicate : parsed.duplicates()) {
            if (itemIndex(duplicate) < 0) {
                problems.add(Paths.of(duplicate.segments(), 0), Messages.duplicateField(duplicate.key()));
            }
        }
        ObjectFields envelope = new ObjectFields(root, Paths.ROOT, problems);
        ArrayNode requests = envelope.requiredArray(REQUESTS);
        if (requests != null && requests.size() > MAX_BATCH_ITEMS) {
            problems.add(envelope.pathOf(REQUESTS), Messages.tooMany(MAX_BATCH_ITEMS, REQUESTS, requests.size()));
        }
        envelope.rejectUnknown(ENVELOPE_FIELDS);
        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        return requests;
    }

    /** Each item's duplicate keys, with paths relative to the item. */
    private static Map<Integer, List<FieldError>> duplicatesByItem(List<DuplicateKey> duplicates) {
        Map<Integer, List<FieldError>> byItem = new HashMap<>();
        for (DuplicateKey duplicate : duplicates) {
            int item = itemIndex(duplicate);
            if (item >= 0) {
                byItem.computeIfAbsent(item, i -> new ArrayList<>()).add(duplicateError(duplicate, 2));
            }
        }
        return byItem;
    }

    /** The batch item a duplicate key is in ({@code requests[i]....}), or -1 when it is in the envelope. */
    private static int itemIndex(DuplicateKey duplicate) {
        List<Object> segments = duplicate.segments();
        return segments.size() > 2 && REQUESTS.equals(segments.get(0)) && segments.get(1) instanceof Integer index
                ? index
                : -1;
    }

    private static FieldError duplicateError(DuplicateKey duplicate, int fromSegment) {
        return new FieldError(Paths.of(duplicate.segments(), fromSegment), Messages.duplicateField(duplicate.key()));
    }

    private DecisionRequest readRequest(JsonNode node, List<FieldError> duplicates) {
        if (!node.isObject()) {
            // Nothing in a non-object can be read as a request: one error, whatever is inside it.
            throw new InvalidRequestException(List.of(new FieldError(Paths.ROOT, Messages.JSON_OBJECT)));
        }
        Problems problems = new Problems(duplicates);
        DecisionRequest request = RequestValidator.validate(node, problems, this::today);
        if (request == null) {
            throw problems.toException();
        }
        return request;
    }

    /** Today in UTC, as the contract defines the default {@code asOf}, whatever zone the clock is in. */
    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
