package com.policydesk.bench;

import com.policydesk.model.Billing;
import com.policydesk.model.Channel;
import com.policydesk.model.Cloud;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.IntentAction;
import com.policydesk.model.Kind;
import com.policydesk.model.Partner;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.Recommendation;
import com.policydesk.model.Subscription;
import com.policydesk.model.SubscriptionStatus;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The floor: the multichannel policy of rules/multichannel/ written by hand in plain Java, with the Azure services
 * table as a plain {@code Map}. No engine, no DMN, no listeners: what a decision costs when nothing is
 * interpreted. It builds the same recommendations as the rules (code, kind, subscription id, and also the policy,
 * rule name, message and details), in the contract's order, so that the comparison with the engine is fair.
 * {@link Equivalence} checks that it does. Benchmark code only: the service never uses it.
 */
public final class HandWrittenPolicy {
    private static final String MC1 = "Subscriptions bought directly or through Advisor, Open or EA qualify for multichannel support";
    private static final String MC3 = "Subscriptions bought from a third-party provider qualify for multichannel support";
    private static final String MC2 = "Advisor subscriptions sold by a partner that is now an indirect reseller";
    private static final String MC3_SYNDICATION = "Subscriptions from a Syndication partner are outside multichannel support";
    private static final String MC4_WAIT = "Third-party license subscriptions cannot be switched";
    private static final String MC4_NEW = "Ended third-party license subscriptions are bought anew in CSP";
    private static final String MC5 = "A CSP partner cannot resell online services to another CSP partner";
    private static final String MC6 = "A direct partner asks the customer for a relationship to manage license subscriptions";
    private static final String MC7_NO_PATH = "Azure subscriptions from another channel have no migration path to CSP";
    private static final String MC7_REBUILD = "Azure subscriptions from another channel are rebuilt in CSP";
    private static final String MC8_NOT_OFFERED = "Azure services not offered in CSP are flagged";
    private static final String MC8_CHECK = "Azure subscriptions that name no services need an availability check";
    private static final String MC9 = "Azure subscriptions from another CSP partner can switch partner";
    private static final String MC10_CANNOT = "An indirect reseller cannot create its own CSP invitation";
    private static final String MC10_USE = "An indirect reseller inviting a customer uses its direct partner's invitation";
    private static final String MC11 = "An indirect reseller taking over license subscriptions needs its direct partner's invitation";
    private static final String MC12_MANAGES = "The direct partner manages the customer relationship of an indirect reseller";
    private static final String MC12_DELEGATED = "An indirect reseller without delegated admin rights asks its direct partner to request them";

    /** The contract's order: kind, then subscription id (null first, by code point), then code. */
    private static final Comparator<Recommendation> ORDER = Comparator
            .comparing(Recommendation::kind)
            .thenComparing(Recommendation::subscriptionId, Comparator.nullsFirst(HandWrittenPolicy::compareCodePoints))
            .thenComparing(Recommendation::code, HandWrittenPolicy::compareCodePoints);

    /** Lower-cased, trimmed service name → the clouds in which it is offered in CSP. Absent: not offered. */
    private final Map<String, Set<Cloud>> offeredInCsp;

    public HandWrittenPolicy(Map<String, Set<Cloud>> offeredInCsp) {
        this.offeredInCsp = Map.copyOf(offeredInCsp);
    }

    /** The recommendations for one request, unique per (code, subscription id), in the contract's order. */
    public List<Recommendation> decide(DecisionRequest request) {
        List<Recommendation> out = new ArrayList<>();
        Partner partner = request.partner();
        Customer customer = request.customer();
        LocalDate asOf = request.asOf();
        IntentAction action = request.intent().action();
        boolean indirect = partner.role() == PartnerRole.INDIRECT_RESELLER;
        boolean takeOver = action == IntentAction.TAKE_OVER;
        boolean liveLicenseOutsideCsp = false;

        if (takeOver) {
            for (Subscription s : customer.subscriptions()) {
                boolean live = isLive(s, asOf);
                Channel channel = s.channel();
                if (live && s.billing() == Billing.LICENSE && isOutsideCsp(channel)) {
                    liveLicenseOutsideCsp = true;
                }
                subscription(out, request, s, live, indirect);
            }
        }

        if (action == IntentAction.RESELL_TO_PARTNER && Boolean.TRUE.equals(request.intent().targetInCsp())) {
            out.add(general("RESALE_TO_CSP_PARTNER_NOT_ALLOWED", Kind.BLOCKER, "MC-5", MC5,
                    "A CSP partner cannot resell online services to another CSP partner: " + partner.id()
                            + " cannot resell to " + request.intent().targetPartnerId() + ", which is in CSP.",
                    "targetPartnerId", request.intent().targetPartnerId()));
        }
        if (takeOver && partner.role() == PartnerRole.DIRECT_PARTNER && liveLicenseOutsideCsp
                && !customer.delegatedAdminPartnerIds().contains(partner.id())) {
            out.add(general("REQUEST_CUSTOMER_RELATIONSHIP", Kind.ACTION, "MC-6", MC6,
                    "Ask customer " + customer.id() + " for permission to manage its subscriptions: send it a request for a"
                            + " relationship with " + partner.id() + " before supporting its license-based subscriptions.",
                    "partnerId", partner.id()));
        }
        if (indirect) {
            String direct = partner.directPartnerId();
            if (action == IntentAction.INVITE_CUSTOMER) {
                out.add(general("RESELLER_CANNOT_CREATE_INVITATION", Kind.BLOCKER, "MC-10", MC10_CANNOT,
                        "As an indirect reseller, " + partner.id() + " cannot create its own CSP invitation.", null, null));
                out.add(general("USE_DIRECT_PARTNER_INVITATION", Kind.ACTION, "MC-10", MC10_USE,
                        "Use the invitation from your direct partner " + direct + ": it creates the CSP invitation for"
                                + " customer " + customer.id() + " and sends it either to you, to forward to the customer, or straight to"
                                + " the customer.",
                        "directPartnerId", direct));
            }
            if (takeOver && liveLicenseOutsideCsp && !customer.delegatedAdminPartnerIds().contains(direct)) {
                out.add(general("USE_DIRECT_PARTNER_INVITATION", Kind.ACTION, "MC-11", MC11,
                        "Customer " + customer.id() + " has no relationship with your direct partner " + direct
                                + " yet: " + direct + " creates the CSP invitation and sends it either to you, to forward to"
                                + " the customer, or straight to the customer.",
                        "directPartnerId", direct));
            }
            out.add(general("DIRECT_PARTNER_MANAGES_RELATIONSHIP", Kind.INFO, "MC-12", MC12_MANAGES,
                    "Your direct partner " + direct + " manages the relationship with customer " + customer.id() + ".",
                    "directPartnerId", direct));
            if (!customer.delegatedAdminPartnerIds().contains(partner.id())) {
                out.add(general("REQUEST_DELEGATED_ADMIN_FOR_RESELLER", Kind.ACTION, "MC-12", MC12_DELEGATED,
                        "Customer " + customer.id() + " has not granted " + partner.id() + " delegated administration privileges:"
                                + " your direct partner " + direct + " can ask the customer to grant them to you.",
                        "directPartnerId", direct));
            }
        }
        return uniqueAndOrdered(out);
    }

    /** The subscription codes (intent TAKE_OVER only). */
    private void subscription(List<Recommendation> out, DecisionRequest request, Subscription s, boolean live, boolean indirect) {
        Channel channel = s.channel();
        String partnerId = request.partner().id();
        if (live) {
            switch (channel) {
                case MICROSOFT_DIRECT, ADVISOR, OPEN, EA -> out.add(about(s, "MULTICHANNEL_ELIGIBLE", Kind.INFO, "MC-1", MC1,
                        "Subscription " + label(s) + " was bought " + boughtThrough(channel)
                                + "; multichannel support applies: a CSP partner can provision and support it."));
                case THIRD_PARTY -> out.add(about(s, "MULTICHANNEL_ELIGIBLE", Kind.INFO, "MC-3", MC3,
                        "Subscription " + label(s) + " was bought from a third-party provider that is neither a CSP partner"
                                + " nor a Microsoft Syndication partner; multichannel support applies: a CSP partner can support it."));
                case SYNDICATION -> out.add(about(s, "MULTICHANNEL_NOT_APPLICABLE", Kind.INFO, "MC-3", MC3_SYNDICATION,
                        "Subscription " + label(s) + " was bought from a Microsoft Syndication partner;"
                                + " multichannel support does not apply to it."));
                default -> {
                }
            }
            if (channel == Channel.ADVISOR && indirect && partnerId.equals(s.sellerId())) {
                out.add(about(s, "FORMER_ADVISOR_SUBSCRIPTION", Kind.INFO, "MC-2", MC2,
                        "Subscription " + label(s) + " was sold by " + partnerId + " while it was in the Advisor program;"
                                + " now that " + partnerId + " is an indirect reseller in CSP, multichannel support applies to it."));
            }
        }
        if (s.billing() == Billing.LICENSE && channel == Channel.THIRD_PARTY) {
            LocalDate end = s.endDate();
            if (live) {
                String wait = end == null ? "Wait until it ends" : "Wait until it ends on " + end;
                Map<String, Object> details = new LinkedHashMap<>();
                if (end != null) {
                    details.put("endDate", end);
                    details.put("daysUntilEnd", ChronoUnit.DAYS.between(request.asOf(), end));
                }
                out.add(new Recommendation("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL", Kind.BLOCKER, s.id(), "MC-4", MC4_WAIT,
                        "Subscription " + label(s) + " was bought from a third-party provider; it cannot be switched to a"
                                + " CSP partner. " + wait + " or cancel it, then buy it in CSP.", details));
            } else {
                out.add(new Recommendation("LICENSE_BUY_NEW_IN_CSP", Kind.ACTION, s.id(), "MC-4", MC4_NEW,
                        "Subscription " + label(s) + ", bought from a third-party provider, has ended (" + s.status()
                                + (end == null ? "" : ", end date " + end) + "); buy a new subscription for it in CSP.",
                        end == null ? Map.of() : Map.of("endDate", end)));
            }
        }
        if (s.billing() == Billing.USAGE && live) {
            if (channel != Channel.CSP) {
                String customerId = request.customer().id();
                Cloud cloud = request.customer().cloud();
                out.add(about(s, "AZURE_NO_MIGRATION_PATH", Kind.BLOCKER, "MC-7", MC7_NO_PATH,
                        "Azure subscription " + label(s) + " was bought " + boughtThrough(channel)
                                + "; there is no supported migration path from there to CSP."));
                out.add(about(s, "AZURE_REBUILD_IN_CSP", Kind.ACTION, "MC-7", MC7_REBUILD,
                        "Create a new Azure subscription in CSP for customer " + customerId + " and move the data and settings of "
                                + label(s) + " to it by hand; afterwards the customer cancels the old services one by one, or the whole"
                                + " subscription " + s.id() + "."));
                if (s.services().isEmpty()) {
                    out.add(new Recommendation("AZURE_CHECK_SERVICE_AVAILABILITY", Kind.WARNING, s.id(), "MC-8", MC8_CHECK,
                            "Azure subscription " + label(s) + " names no services: check that every service the customer"
                                    + " needs is in the list of Azure services offered in CSP in the " + cloud + " cloud.",
                            Map.of("cloud", cloud)));
                } else {
                    List<String> notOffered = null;
                    for (String service : s.services()) {
                        if (!isOffered(cloud, service)) {
                            if (notOffered == null) {
                                notOffered = new ArrayList<>(4);
                            }
                            notOffered.add(service);
                        }
                    }
                    if (notOffered != null) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("services", notOffered);
                        details.put("cloud", cloud);
                        out.add(new Recommendation("AZURE_SERVICES_NOT_IN_CSP", Kind.WARNING, s.id(), "MC-8", MC8_NOT_OFFERED,
                                "Azure subscription " + label(s) + " uses services that are not confirmed as offered in CSP in the "
                                        + cloud + " cloud: " + String.join(", ", notOffered) + ". Check the list of Azure services in CSP"
                                        + " before rebuilding it there.", details));
                    }
                }
            } else if (s.sellerId() != null && !s.sellerId().equals(partnerId)) {
                out.add(new Recommendation("AZURE_SWITCH_PARTNER", Kind.ACTION, s.id(), "MC-9", MC9,
                        "Azure subscription " + label(s) + " comes from CSP partner " + s.sellerId()
                                + "; the customer can switch its Azure services to " + partnerId + ".",
                        Map.of("currentPartnerId", s.sellerId())));
            }
        }
    }

    /** The DMN table's semantics: trimmed of surrounding whitespace, lower case; an unlisted name is not offered. */
    boolean isOffered(Cloud cloud, String service) {
        Set<Cloud> clouds = offeredInCsp.get(normalize(service));
        return clouds != null && clouds.contains(cloud);
    }

    /** FEEL {@code lower case(replace(s, "^\s+|\s+$", ""))}: XML-Schema {@code \s} is space, tab, CR and LF. */
    static String normalize(String service) {
        int from = 0;
        int to = service.length();
        while (from < to && isXmlSpace(service.charAt(from))) {
            from++;
        }
        while (to > from && isXmlSpace(service.charAt(to - 1))) {
            to--;
        }
        return service.substring(from, to).toLowerCase(Locale.ROOT);
    }

    private static boolean isXmlSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static boolean isLive(Subscription s, LocalDate asOf) {
        boolean running = s.status() == SubscriptionStatus.ACTIVE || s.status() == SubscriptionStatus.SUSPENDED;
        return running && (s.endDate() == null || !asOf.isAfter(s.endDate()));
    }

    static boolean isOutsideCsp(Channel channel) {
        return channel != Channel.SYNDICATION && channel != Channel.CSP;
    }

    static String boughtThrough(Channel channel) {
        return switch (channel) {
            case MICROSOFT_DIRECT -> "directly from Microsoft";
            case ADVISOR -> "through the Advisor program";
            case OPEN -> "through the Open program";
            case EA -> "under an Enterprise Agreement";
            case THIRD_PARTY -> "from a third-party provider";
            case SYNDICATION -> "from a Microsoft Syndication partner";
            default -> "from a CSP partner";
        };
    }

    private static Recommendation about(Subscription s, String code, Kind kind, String policy, String rule, String message) {
        return new Recommendation(code, kind, s.id(), policy, rule, message, Map.of());
    }

    private static Recommendation general(String code, Kind kind, String policy, String rule, String message,
                                          String detailKey, Object detailValue) {
        Map<String, Object> details = detailKey == null || detailValue == null ? Map.of() : Map.of(detailKey, detailValue);
        return new Recommendation(code, kind, null, policy, rule, message, details);
    }

    private static List<Recommendation> uniqueAndOrdered(List<Recommendation> recommendations) {
        List<Recommendation> unique = new ArrayList<>(recommendations.size());
        Set<Object> seen = new HashSet<>();
        for (Recommendation r : recommendations) {
            if (seen.add(Key.key(r.code(), r.subscriptionId()))) {
                unique.add(r);
            }
        }
        unique.sort(ORDER);
        return unique;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** A (code, subscription id) key; the id may be null. */
    private record Key(String code, String subscriptionId) {
        static Key key(String code, String subscriptionId) {
            return new Key(Objects.requireNonNull(code), subscriptionId);
        }
    }


    /** How the rules' messages name a subscription (definitions.drl's describe): written again here on purpose. */
    private static String label(Subscription subscription) {
        String offer = subscription.offer();
        return offer == null || offer.isBlank() ? subscription.id() : subscription.id() + " (" + offer + ")";
    }
}
