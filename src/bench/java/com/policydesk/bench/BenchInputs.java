package com.policydesk.bench;

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
import com.policydesk.request.RequestReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The inputs of the benchmarks: the request files of bench/requests/ (read once, with the service's own reader)
 * and the varied requests on which {@link Equivalence} compares the baseline with the engine. Paths are relative to
 * the working directory, the repository root; {@code -Dpolicydesk.bench.rules=...} and
 * {@code -Dpolicydesk.bench.requests=...} point elsewhere.
 */
public final class BenchInputs {
    public static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);

    private BenchInputs() {
    }

    public static Path rulesDir() {
        return Path.of(System.getProperty("policydesk.bench.rules", "rules"));
    }

    public static Path requestsDir() {
        return Path.of(System.getProperty("policydesk.bench.requests", "bench/requests"));
    }

    public static Path azureServicesDmn() {
        return rulesDir().resolve("multichannel").resolve("AzureServicesInCsp.dmn");
    }

    public static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(requestsDir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root (or set -Dpolicydesk.bench.requests)", e);
        }
    }

    /** A request file read once with the service's reader: the benchmark of the engine leaves reading out. */
    public static DecisionRequest request(String file) {
        return new RequestReader().read(bytes(file));
    }

    /**
     * Requests that between them exercise every rule and every branch of the baseline: the benchmark inputs, the
     * contract's example, hand-picked edge cases, and {@code randomCount} random requests (fixed seed).
     */
    public static List<DecisionRequest> varied(int randomCount) {
        List<DecisionRequest> all = new ArrayList<>();
        all.add(request("standard.json"));
        all.add(request("large-estate.json"));
        Partner reseller = new Partner("P-200", PartnerRole.INDIRECT_RESELLER, "P-100");
        Partner direct = new Partner("P-100", PartnerRole.DIRECT_PARTNER, null);
        // The contract's example.
        all.add(new DecisionRequest(AS_OF, reseller, new Customer("C-1", Cloud.GLOBAL, List.of("P-100"), List.of(
                sub("S-1", "Office 365 E3", Billing.LICENSE, Channel.THIRD_PARTY, "X-7", SubscriptionStatus.ACTIVE, LocalDate.of(2027, 3, 31)),
                usage("S-2", Channel.EA, null, SubscriptionStatus.ACTIVE, "Virtual Machines", "Azure Cosmos DB"))), Intent.takeOver()));
        // A direct partner, Microsoft Cloud Germany, every Azure case, an expired third-party license.
        List<Subscription> mixed = List.of(
                sub("S-1", "Office 365 E3", Billing.LICENSE, Channel.THIRD_PARTY, null, SubscriptionStatus.EXPIRED, null),
                usage("S-2", Channel.OPEN, null, SubscriptionStatus.ACTIVE, "Virtual Machines", " azure functions ", "Quantum Toaster"),
                usage("S-3", Channel.ADVISOR, null, SubscriptionStatus.SUSPENDED),
                usage("S-4", Channel.CSP, "P-300", SubscriptionStatus.ACTIVE),
                sub("S-5", "Dynamics 365", Billing.LICENSE, Channel.SYNDICATION, null, SubscriptionStatus.ACTIVE, null));
        all.add(new DecisionRequest(AS_OF, direct, new Customer("C-7", Cloud.GERMANY, List.of(), mixed), Intent.takeOver()));
        all.add(new DecisionRequest(AS_OF, direct, new Customer("C-7", Cloud.GLOBAL, List.of("P-100"), mixed), Intent.takeOver()));
        // Dates at the edge: ends today (live), ended yesterday, cancelled, suspended; offers blank and absent.
        all.add(new DecisionRequest(AS_OF, direct, new Customer("C-8", Cloud.GLOBAL, List.of(), List.of(
                sub("S-a", "", Billing.LICENSE, Channel.THIRD_PARTY, null, SubscriptionStatus.ACTIVE, AS_OF),
                sub("S-b", null, Billing.LICENSE, Channel.THIRD_PARTY, null, SubscriptionStatus.ACTIVE, AS_OF.minusDays(1)),
                sub("S-c", "E5", Billing.LICENSE, Channel.MICROSOFT_DIRECT, null, SubscriptionStatus.CANCELLED, null),
                sub("S-d", "E5", Billing.LICENSE, Channel.CSP, "P-9", SubscriptionStatus.ACTIVE, null),
                usage("S-e", Channel.CSP, "P-100", SubscriptionStatus.ACTIVE),
                usage("S-f", Channel.CSP, null, SubscriptionStatus.ACTIVE),
                usage("S-g", Channel.SYNDICATION, null, SubscriptionStatus.SUSPENDED, "\tStorage\n", "CLOUD SERVICES (CLASSIC)"),
                usage("S-h", Channel.MICROSOFT_DIRECT, null, SubscriptionStatus.EXPIRED, "Nothing"))), Intent.takeOver()));
        // A reseller whose direct partner has no relationship yet (MC-11), and one that sold an Advisor subscription (MC-2).
        all.add(new DecisionRequest(AS_OF, reseller, new Customer("C-9", Cloud.GLOBAL, List.of("P-200"), List.of(
                sub("S-1", "Visio", Billing.LICENSE, Channel.ADVISOR, "P-200", SubscriptionStatus.ACTIVE, null),
                sub("S-2", "Project", Billing.LICENSE, Channel.ADVISOR, "P-100", SubscriptionStatus.SUSPENDED, null))), Intent.takeOver()));
        // The other intents, by both roles; an empty estate.
        for (Partner partner : List.of(reseller, direct)) {
            Customer customer = new Customer("C-2", Cloud.GLOBAL, List.of(), mixed);
            all.add(new DecisionRequest(AS_OF, partner, customer, new Intent(IntentAction.INVITE_CUSTOMER, null, null)));
            all.add(new DecisionRequest(AS_OF, partner, customer, new Intent(IntentAction.RESELL_TO_PARTNER, "P-555", true)));
            all.add(new DecisionRequest(AS_OF, partner, customer, new Intent(IntentAction.RESELL_TO_PARTNER, "P-555", false)));
            all.add(new DecisionRequest(AS_OF, partner, new Customer("C-3", Cloud.GERMANY, List.of(), List.of()), Intent.takeOver()));
        }
        Random random = new Random(20261123L);
        for (int i = 0; i < randomCount; i++) {
            all.add(random(random, i));
        }
        return all;
    }

    private static final List<String> SERVICES = List.of("Virtual Machines", "virtual machines ", "Azure Functions",
            "AZURE DNS", "Storage", "Cloud Services (classic)", "Virtual Machines (classic)", "Site Recovery",
            "Quantum Toaster", "  Key Vault", "Machine Learning", "Unknown Service");
    private static final List<String> PARTNERS = List.of("P-100", "P-200", "P-300");

    private static DecisionRequest random(Random random, int n) {
        String partnerId = pick(random, PARTNERS);
        Partner partner = random.nextBoolean()
                ? new Partner(partnerId, PartnerRole.DIRECT_PARTNER, null)
                : new Partner(partnerId, PartnerRole.INDIRECT_RESELLER, pick(random, PARTNERS));
        List<String> delegated = new ArrayList<>();
        for (String p : PARTNERS) {
            if (random.nextInt(3) == 0) {
                delegated.add(p);
            }
        }
        List<Subscription> subscriptions = new ArrayList<>();
        int count = random.nextInt(9);
        for (int i = 0; i < count; i++) {
            Billing billing = random.nextBoolean() ? Billing.LICENSE : Billing.USAGE;
            Channel channel = pick(random, List.of(Channel.values()));
            SubscriptionStatus status = pick(random, List.of(SubscriptionStatus.values()));
            LocalDate end = random.nextInt(3) == 0 ? null : AS_OF.plusDays(random.nextInt(60) - 30);
            String seller = random.nextInt(3) == 0 ? null : pick(random, PARTNERS);
            List<String> services = new ArrayList<>();
            if (billing == Billing.USAGE) {
                int k = random.nextInt(4);
                for (int j = 0; j < k; j++) {
                    String service = pick(random, SERVICES);
                    if (!services.contains(service)) {
                        services.add(service);
                    }
                }
            }
            subscriptions.add(new Subscription("S-" + n + "-" + i, random.nextInt(4) == 0 ? null : "Offer " + i, billing,
                    channel, seller, status, end, services));
        }
        Intent intent = switch (random.nextInt(5)) {
            case 0 -> new Intent(IntentAction.INVITE_CUSTOMER, null, null);
            case 1 -> new Intent(IntentAction.RESELL_TO_PARTNER, pick(random, PARTNERS), random.nextBoolean());
            default -> Intent.takeOver();
        };
        Cloud cloud = random.nextBoolean() ? Cloud.GLOBAL : Cloud.GERMANY;
        return new DecisionRequest(AS_OF, partner, new Customer("C-r" + n, cloud, delegated, subscriptions), intent);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    static Subscription sub(String id, String offer, Billing billing, Channel channel, String seller,
                            SubscriptionStatus status, LocalDate end) {
        return new Subscription(id, offer, billing, channel, seller, status, end, List.of());
    }

    static Subscription usage(String id, Channel channel, String seller, SubscriptionStatus status, String... services) {
        return new Subscription(id, "Azure plan", Billing.USAGE, channel, seller, status, null, List.of(services));
    }
}
