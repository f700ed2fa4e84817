package com.policydesk.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Walks one request object, field by field in the contract's order, reporting every problem at its path and
 * building the model records only for parts that had none. One instance per request; not thread-safe.
 *
 * <p>Where a field's value is wrong, what depends on it is not checked: an unknown {@code partner.role} does not
 * also demand a {@code directPartnerId}, a subscription with a bad {@code id} takes no part in the duplicate check.
 */
final class RequestValidator {
    static final int MAX_SUBSCRIPTIONS = 1000;

    private static final Set<String> REQUEST_FIELDS = Set.of("asOf", "partner", "customer", "intent");
    private static final Set<String> PARTNER_FIELDS = Set.of("id", "role", "directPartnerId");
    private static final Set<String> CUSTOMER_FIELDS = Set.of("id", "cloud", "delegatedAdminPartnerIds", "subscriptions");
    private static final Set<String> SUBSCRIPTION_FIELDS =
            Set.of("id", "offer", "billing", "channel", "sellerId", "status", "endDate", "services");
    private static final Set<String> INTENT_FIELDS = Set.of("action", "targetPartnerId", "targetInCsp");

    static final EnumValues<PartnerRole> ROLES = EnumValues.of(PartnerRole.values());
    static final EnumValues<Cloud> CLOUDS = EnumValues.of(Cloud.values());
    static final EnumValues<Billing> BILLINGS = EnumValues.of(Billing.values());
    static final EnumValues<Channel> CHANNELS = EnumValues.of(Channel.values());
    static final EnumValues<SubscriptionStatus> STATUSES = EnumValues.of(SubscriptionStatus.values());
    static final EnumValues<IntentAction> ACTIONS = EnumValues.of(IntentAction.values());

    private static final String DIRECT_PARTNER_REQUIRED =
            Messages.requiredWhen("partner.role", PartnerRole.INDIRECT_RESELLER);
    private static final String RESALE_FIELD_REQUIRED =
            Messages.requiredWhen("intent.action", IntentAction.RESELL_TO_PARTNER);

    private final Problems problems;
    private final Supplier<LocalDate> today;

    private RequestValidator(Problems problems, Supplier<LocalDate> today) {
        this.problems = problems;
        this.today = today;
    }

    /**
     * Validates the JSON object {@code node} (paths relative to it), adding to {@code problems}, which may already
     * hold some (duplicate keys found while parsing). Returns the request only when {@code problems} ends up empty.
     */
    static DecisionRequest validate(JsonNode node, Problems problems, Supplier<LocalDate> today) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + node.getNodeType());
        }
        return new RequestValidator(problems, today).request(new ObjectFields(node, Paths.ROOT, problems));
    }

    private DecisionRequest request(ObjectFields fields) {
        LocalDate asOf = fields.optionalDate("asOf");
        ObjectFields partnerFields = fields.requiredObject("partner");
        Partner partner = partnerFields == null ? null : partner(partnerFields);
        ObjectFields customerFields = fields.requiredObject("customer");
        Customer customer = customerFields == null ? null : customer(customerFields);
        ObjectFields intentFields = fields.optionalObject("intent");
        Intent intent = intentFields == null ? Intent.takeOver() : intent(intentFields);
        fields.rejectUnknown(REQUEST_FIELDS);
        if (!problems.isEmpty()) {
            return null;
        }
        // No problems, so a null asOf was absent (not malformed): the default applies.
        return new DecisionRequest(asOf != null ? asOf : today.get(), partner, customer, intent);
    }

    private Partner partner(ObjectFields fields) {
        int before = problems.count();
        String id = fields.requiredText("id");
        PartnerRole role = fields.requiredEnum("role", ROLES);
        String directPartnerId = null;
        if (role == PartnerRole.INDIRECT_RESELLER) {
            directPartnerId = fields.conditionalText("directPartnerId", DIRECT_PARTNER_REQUIRED);
        } else {
            // Does not apply (or the role is wrong): only its type is checked, its value is not kept.
            fields.optionalText("directPartnerId");
        }
        fields.rejectUnknown(PARTNER_FIELDS);
        return problems.count() == before ? new Partner(id, role, directPartnerId) : null;
    }

    private Customer customer(ObjectFields fields) {
        int before = problems.count();
        String id = fields.requiredText("id");
        Cloud cloud = fields.optionalEnum("cloud", CLOUDS, Cloud.GLOBAL);
        List<String> delegatedAdminPartnerIds = fields.optionalTextList("delegatedAdminPartnerIds");
        List<Subscription> subscriptions = subscriptions(fields);
        fields.rejectUnknown(CUSTOMER_FIELDS);
        return problems.count() == before ? new Customer(id, cloud, delegatedAdminPartnerIds, subscriptions) : null;
    }

    private List<Subscription> subscriptions(ObjectFields customer) {
        ArrayNode array = customer.optionalArray("subscriptions");
        if (array == null) {
            return List.of();
        }
        String arrayPath = customer.pathOf("subscriptions");
        if (array.size() > MAX_SUBSCRIPTIONS) {
            // The list is refused as a whole; checking each of thousands of items would only bury this error.
            problems.add(arrayPath, Messages.tooMany(MAX_SUBSCRIPTIONS, "subscriptions", array.size()));
            return List.of();
        }
        List<Subscription> subscriptions = new ArrayList<>(array.size());
        Map<String, String> firstIdPaths = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String elementPath = Paths.index(arrayPath, i);
            if (element.isNull()) {
                problems.add(elementPath, Messages.NOT_NULL);
            } else if (!element.isObject()) {
                problems.add(elementPath, Messages.OBJECT);
            } else {
                ObjectFields fields = new ObjectFields(element, elementPath, problems);
                Subscription subscription = subscription(fields, firstIdPaths);
                if (subscription != null) {
                    subscriptions.add(subscription);
                }
            }
        }
        return subscriptions;
    }

    private Subscription subscription(ObjectFields fields, Map<String, String> firstIdPaths) {
        int before = problems.count();
        String id = fields.requiredText("id");
        if (id != null) {
            String idPath = fields.pathOf("id");
            String firstPath = firstIdPaths.putIfAbsent(id, idPath);
            if (firstPath != null) {
                problems.add(idPath, Messages.duplicateSubscriptionId(id, firstPath));
            }
        }
        String offer = fields.optionalText("offer");
        Billing billing = fields.requiredEnum("billing", BILLINGS);
        Channel channel = fields.requiredEnum("channel", CHANNELS);
        String sellerId = fields.optionalText("sellerId");
        SubscriptionStatus status = fields.requiredEnum("status", STATUSES);
        LocalDate endDate = fields.optionalDate("endDate");
        // Checked whatever the billing, but kept only where it applies: services are about usage-based (Azure) ones.
        List<String> services = fields.optionalTextList("services");
        fields.rejectUnknown(SUBSCRIPTION_FIELDS);
        if (problems.count() != before) {
            return null;
        }
        return new Subscription(id, offer, billing, channel, sellerId, status, endDate,
                billing == Billing.USAGE ? services : List.of());
    }

    private Intent intent(ObjectFields fields) {
        int before = problems.count();
        IntentAction action = fields.optionalEnum("action", ACTIONS, IntentAction.TAKE_OVER);
        String targetPartnerId = null;
        Boolean targetInCsp = null;
        if (action == IntentAction.RESELL_TO_PARTNER) {
            targetPartnerId = fields.conditionalText("targetPartnerId", RESALE_FIELD_REQUIRED);
            targetInCsp = fields.conditionalBoolean("targetInCsp", RESALE_FIELD_REQUIRED);
        } else {
            // Do not apply (or the action is wrong): only their types are checked, their values are not kept.
            fields.optionalText("targetPartnerId");
            fields.optionalBoolean("targetInCsp");
        }
        fields.rejectUnknown(INTENT_FIELDS);
        return problems.count() == before ? new Intent(action, targetPartnerId, targetInCsp) : null;
    }
}
