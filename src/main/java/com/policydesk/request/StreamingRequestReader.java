package com.policydesk.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.policydesk.model.Billing;
import com.policydesk.model.Channel;
import com.policydesk.model.Cloud;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Intent;
import com.policydesk.model.IntentAction;
import com.policydesk.model.Partner;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.Subscription;
import com.policydesk.model.SubscriptionStatus;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fast path from bytes to a request: one pass over Jackson's tokens straight into the model records, for a body
 * with no problem at all. At the first thing that is not plainly valid (an unknown or repeated field, a wrong type,
 * a null where a value is required, a blank id, an unknown enum value, a malformed date, too many subscriptions or
 * too deep a nesting, anything that is not JSON) it declines, and {@link RequestReader} reads the body again the
 * thorough way, which finds and reports every problem with its path. So this class never reports an error: it only
 * has to accept nothing that the thorough reader would refuse, and build what it would build (RequestReaderTest
 * checks both over every scenario request and over many broken variants of them).
 *
 * <p>Why: reading a body into a tree and then walking the tree cost two passes and a tree per request, about a fifth
 * of the reading's time and most of its allocation, for the benefit of the rare bad request. Thread-safe.
 */
final class StreamingRequestReader {
    private final JsonFactory factory;
    private final int maxNestingDepth;

    StreamingRequestReader(JsonFactory factory, int maxNestingDepth) {
        this.factory = factory;
        this.maxNestingDepth = maxNestingDepth;
    }

    /** The request, or null when the body is anything but a plainly valid request. */
    DecisionRequest read(byte[] body, Supplier<LocalDate> today) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            DecisionRequest request = new Walk(parser).request(today);
            return parser.nextToken() == null ? request : null;
        } catch (Declined | IOException | RuntimeException notPlainlyValid) {
            // The thorough reader will say what is wrong; a model constructor's refusal lands here too.
            return null;
        }
    }

    /** Thrown to leave the walk at the first doubt; so common on bad input that it skips the stack trace. */
    private static final class Declined extends Exception {
        private static final long serialVersionUID = 1L;
        private static final Declined INSTANCE = new Declined();

        private Declined() {
            super(null, null, false, false);
        }
    }

    /** One body's walk; not thread-safe. */
    private final class Walk {
        private final JsonParser parser;
        private int depth = 1;

        Walk(JsonParser parser) {
            this.parser = parser;
        }

        DecisionRequest request(Supplier<LocalDate> today) throws IOException, Declined {
            LocalDate asOf = null;
            Partner partner = null;
            Customer customer = null;
            Intent intent = null;
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "asOf" -> {
                        seen = once(seen, 1);
                        asOf = optionalDate(value);
                    }
                    case "partner" -> {
                        seen = once(seen, 2);
                        partner = partner(requireObject(value));
                    }
                    case "customer" -> {
                        seen = once(seen, 4);
                        customer = customer(requireObject(value));
                    }
                    case "intent" -> {
                        seen = once(seen, 8);
                        intent = value == JsonToken.VALUE_NULL ? null : intent(requireObject(value));
                    }
                    default -> throw Declined.INSTANCE;
                }
            }
            require(partner != null && customer != null);
            return new DecisionRequest(asOf != null ? asOf : today.get(), partner, customer,
                    intent != null ? intent : Intent.takeOver());
        }

        private Partner partner(JsonToken start) throws IOException, Declined {
            enter(start);
            String id = null;
            PartnerRole role = null;
            String directPartnerId = null;
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> {
                        seen = once(seen, 1);
                        id = requiredText(value);
                    }
                    case "role" -> {
                        seen = once(seen, 2);
                        role = requiredEnum(value, RequestValidator.ROLES);
                    }
                    case "directPartnerId" -> {
                        seen = once(seen, 4);
                        directPartnerId = optionalText(value);
                    }
                    default -> throw Declined.INSTANCE;
                }
            }
            leave();
            require(id != null && role != null);
            if (role == PartnerRole.INDIRECT_RESELLER) {
                require(directPartnerId != null && !directPartnerId.isBlank());
            } else {
                directPartnerId = null;
            }
            return new Partner(id, role, directPartnerId);
        }

        private Customer customer(JsonToken start) throws IOException, Declined {
            enter(start);
            String id = null;
            Cloud cloud = Cloud.GLOBAL;
            List<String> delegatedAdminPartnerIds = List.of();
            List<Subscription> subscriptions = List.of();
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> {
                        seen = once(seen, 1);
                        id = requiredText(value);
                    }
                    case "cloud" -> {
                        seen = once(seen, 2);
                        cloud = value == JsonToken.VALUE_NULL ? Cloud.GLOBAL : requiredEnum(value, RequestValidator.CLOUDS);
                    }
                    case "delegatedAdminPartnerIds" -> {
                        seen = once(seen, 4);
                        delegatedAdminPartnerIds = optionalTextList(value);
                    }
                    case "subscriptions" -> {
                        seen = once(seen, 8);
                        subscriptions = value == JsonToken.VALUE_NULL ? List.of() : subscriptions(value);
                    }
                    default -> throw Declined.INSTANCE;
                }
            }
            leave();
            require(id != null);
            return new Customer(id, cloud, delegatedAdminPartnerIds, subscriptions);
        }

        private List<Subscription> subscriptions(JsonToken start) throws IOException, Declined {
            require(start == JsonToken.START_ARRAY);
            enter(start);
            List<Subscription> subscriptions = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                Subscription subscription = subscription(requireObject(token));
                require(ids.add(subscription.id()) && subscriptions.size() < RequestValidator.MAX_SUBSCRIPTIONS);
                subscriptions.add(subscription);
            }
            leave();
            return subscriptions;
        }

        private Subscription subscription(JsonToken start) throws IOException, Declined {
            enter(start);
            String id = null;
            String offer = null;
            Billing billing = null;
            Channel channel = null;
            String sellerId = null;
            SubscriptionStatus status = null;
            LocalDate endDate = null;
            List<String> services = List.of();
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> {
                        seen = once(seen, 1);
                        id = requiredText(value);
                    }
                    case "offer" -> {
                        seen = once(seen, 2);
                        offer = optionalText(value);
                    }
                    case "billing" -> {
                        seen = once(seen, 4);
                        billing = requiredEnum(value, RequestValidator.BILLINGS);
                    }
                    case "channel" -> {
                        seen = once(seen, 8);
                        channel = requiredEnum(value, RequestValidator.CHANNELS);
                    }
                    case "sellerId" -> {
                        seen = once(seen, 16);
                        sellerId = optionalText(value);
                    }
                    case "status" -> {
                        seen = once(seen, 32);
                        status = requiredEnum(value, RequestValidator.STATUSES);
                    }
                    case "endDate" -> {
                        seen = once(seen, 64);
                        endDate = optionalDate(value);
                    }
                    case "services" -> {
                        seen = once(seen, 128);
                        services = optionalTextList(value);
                    }
                    default -> throw Declined.INSTANCE;
                }
            }
            leave();
            require(id != null && billing != null && channel != null && status != null);
            // Services are about usage-based (Azure) subscriptions: checked on any, kept only there.
            return new Subscription(id, offer, billing, channel, sellerId, status, endDate,
                    billing == Billing.USAGE ? services : List.of());
        }

        private Intent intent(JsonToken start) throws IOException, Declined {
            enter(start);
            IntentAction action = IntentAction.TAKE_OVER;
            String targetPartnerId = null;
            Boolean targetInCsp = null;
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "action" -> {
                        seen = once(seen, 1);
                        action = value == JsonToken.VALUE_NULL ? IntentAction.TAKE_OVER
                                : requiredEnum(value, RequestValidator.ACTIONS);
                    }
                    case "targetPartnerId" -> {
                        seen = once(seen, 2);
                        targetPartnerId = optionalText(value);
                    }
                    case "targetInCsp" -> {
                        seen = once(seen, 4);
                        targetInCsp = optionalBoolean(value);
                    }
                    default -> throw Declined.INSTANCE;
                }
            }
            leave();
            if (action != IntentAction.RESELL_TO_PARTNER) {
                return new Intent(action, null, null);
            }
            require(targetPartnerId != null && !targetPartnerId.isBlank() && targetInCsp != null);
            return new Intent(action, targetPartnerId, targetInCsp);
        }

        /** Strings, each a JSON string (empty allowed); null means an empty list. */
        private List<String> optionalTextList(JsonToken start) throws IOException, Declined {
            if (start == JsonToken.VALUE_NULL) {
                return List.of();
            }
            require(start == JsonToken.START_ARRAY);
            enter(start);
            List<String> texts = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                require(token == JsonToken.VALUE_STRING);
                texts.add(parser.getText());
            }
            leave();
            return texts;
        }

        private String requiredText(JsonToken value) throws IOException, Declined {
            require(value == JsonToken.VALUE_STRING);
            String text = parser.getText();
            require(!text.isBlank());
            return text;
        }

        private String optionalText(JsonToken value) throws IOException, Declined {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            require(value == JsonToken.VALUE_STRING);
            return parser.getText();
        }

        private Boolean optionalBoolean(JsonToken value) throws Declined {
            return switch (value) {
                case VALUE_NULL -> null;
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw Declined.INSTANCE;
            };
        }

        private <E extends Enum<E>> E requiredEnum(JsonToken value, EnumValues<E> values) throws IOException, Declined {
            require(value == JsonToken.VALUE_STRING);
            E found = values.find(parser.getText());
            require(found != null);
            return found;
        }

        /** YYYY-MM-DD in ASCII digits, a real calendar day; null means absent. */
        private LocalDate optionalDate(JsonToken value) throws IOException, Declined {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            require(value == JsonToken.VALUE_STRING);
            String text = parser.getText();
            require(text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-');
            // LocalDate.of refuses a day the month does not have (a DateTimeException: declined by read)
            return LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
        }

        private int digits(String text, int from, int to) throws Declined {
            int value = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                require(c >= '0' && c <= '9');
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private JsonToken requireObject(JsonToken value) throws Declined {
            require(value == JsonToken.START_OBJECT);
            return value;
        }

        /** Counts an object or array opened; past the reader's nesting limit the thorough reader has the word. */
        private void enter(JsonToken start) throws Declined {
            require(start == JsonToken.START_OBJECT || start == JsonToken.START_ARRAY);
            require(++depth <= maxNestingDepth);
        }

        private void leave() {
            depth--;
        }

        /** Marks a field of an object as seen: a field that comes twice is declined. */
        private int once(int seen, int bit) throws Declined {
            require((seen & bit) == 0);
            return seen | bit;
        }

        private void require(boolean plainlyValid) throws Declined {
            if (!plainlyValid) {
                throw Declined.INSTANCE;
            }
        }
    }
}
