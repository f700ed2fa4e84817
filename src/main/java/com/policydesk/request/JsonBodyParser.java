package com.policydesk.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a body into a JSON tree, or refuses it with one error at {@code ""}: empty, not JSON, nested too deeply.
 *
 * <p>The tree is built here from Jackson's streaming parser rather than with {@code ObjectMapper.readTree} and
 * {@code STRICT_DUPLICATE_DETECTION}, because that feature aborts the parse at the first duplicate key: the client
 * would learn of that one problem only, and in a batch one item's duplicate would sink every item. Here a
 * duplicate is recorded with its path, its value is read (so syntax and nesting are still checked) but dropped, and
 * parsing goes on. Thread-safe: the factory is shared, each parse has its own {@link TreeBuilder}.
 */
final class JsonBodyParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonFactory factory;
    private final int maxNestingDepth;

    JsonBodyParser(int maxNestingDepth) {
        this.maxNestingDepth = maxNestingDepth;
        this.factory = JsonFactory.builder()
                // One level more than ours: the TreeBuilder checks depth first and knows the error is about
                // nesting, whereas the parser's StreamConstraintsException would have to be told apart from
                // the number and string length limits by its message. The parser's limit is the backstop.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth + 1).build())
                // Field names come from untrusted clients: no point filling the JVM's string pool with them.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /** The parser factory, configured with the nesting limit: for the fast path too. */
    JsonFactory factory() {
        return factory;
    }

    ParsedBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw bodyError(Messages.BODY_EMPTY);
        }
        try (JsonParser parser = factory.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw bodyError(Messages.BODY_EMPTY);
            }
            TreeBuilder builder = new TreeBuilder(parser);
            JsonNode root = builder.value(first);
            if (parser.nextToken() != null) {
                // Something after the value, such as a second object: the body is not one JSON value.
                throw bodyError(notJson(parser.currentTokenLocation()));
            }
            return new ParsedBody(root, builder.duplicates);
        } catch (NestedTooDeeply e) {
            throw bodyError(Messages.nestedTooDeeply(maxNestingDepth));
        } catch (StreamConstraintsException e) {
            throw bodyError(Messages.BODY_VALUE_TOO_LONG);
        } catch (JsonProcessingException e) {
            throw bodyError(notJson(e.getLocation()));
        } catch (IOException e) {
            // Not from I/O (the body is in memory) but from decoding, such as bytes that are not UTF-8.
            throw bodyError(Messages.BODY_NOT_JSON);
        }
    }

    private static String notJson(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? Messages.BODY_NOT_JSON
                : Messages.bodyNotJson(location.getLineNr(), location.getColumnNr());
    }

    private static InvalidRequestException bodyError(String message) {
        return new InvalidRequestException(List.of(new FieldError(Paths.ROOT, message)));
    }

    /** Aborts a parse; thrown often enough by hostile clients that it skips the stack trace. */
    private static final class NestedTooDeeply extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NestedTooDeeply() {
            super(null, null, false, false);
        }
    }

    /** Builds one tree; recursion is bounded by the nesting limit. */
    private final class TreeBuilder {
        private final JsonParser parser;
        private final List<DuplicateKey> duplicates = new ArrayList<>();
        private int depth;
        /** Above zero while reading a duplicate's dropped value: duplicates inside it are not worth reporting. */
        private int dropping;

        TreeBuilder(JsonParser parser) {
            this.parser = parser;
        }

        JsonNode value(JsonToken token) throws IOException {
            return switch (token) {
                case START_OBJECT -> object();
                case START_ARRAY -> array();
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> integer();
                // Only ever reported as the wrong type, so a double is precise enough; huge exponents are Infinity.
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default -> throw new IllegalStateException("unexpected JSON token " + token);
            };
        }

        private ObjectNode object() throws IOException {
            enter();
            ObjectNode node = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (node.has(name)) {
                    recordDuplicate();
                    dropping++;
                    value(parser.nextToken());
                    dropping--;
                } else {
                    node.set(name, value(parser.nextToken()));
                }
            }
            depth--;
            return node;
        }

        private ArrayNode array() throws IOException {
            enter();
            ArrayNode node = NODES.arrayNode();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                node.add(value(token));
            }
            depth--;
            return node;
        }

        private JsonNode integer() throws IOException {
            return switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
        }

        private void enter() {
            if (++depth > maxNestingDepth) {
                throw new NestedTooDeeply();
            }
        }

        /** Called on the duplicate's FIELD_NAME token, when the parser's context holds the path down to it. */
        private void recordDuplicate() {
            if (dropping > 0) {
                return;
            }
            List<Object> segments = new ArrayList<>();
            for (JsonStreamContext context = parser.getParsingContext(); !context.inRoot(); context = context.getParent()) {
                segments.add(0, context.inArray() ? (Object) context.getCurrentIndex() : context.getCurrentName());
            }
            duplicates.add(new DuplicateKey(segments));
        }
    }
}
