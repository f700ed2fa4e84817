package com.policydesk.engine;

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
import java.util.List;

/**
 * Requests that take every value of the fact model (each role, intent, cloud, channel, billing and status), so
 * that warming up on them reaches every rule whatever the policy says: they are made from the contract, not from
 * the rules.
 */
public final class WarmupRequests {
    private static final LocalDate AS_OF = LocalDate.of(2026, 1, 15);
    /**
     * Names no policy table lists (which services are offered is policy, kept in rules/): the rules still reach every
     * path, the table answering "not listed"; the scenario suites' requests, warmed up after these, name real ones.
     */
    private static final List<String> SERVICES = List.of("Warm-up service one", "Warm-up service two");

    private WarmupRequests() {
    }

    public static List<DecisionRequest> spread() {
        List<DecisionRequest> requests = new ArrayList<>();
        List<Subscription> every = everySubscription();
        for (PartnerRole role : PartnerRole.values()) {
            for (IntentAction action : IntentAction.values()) {
                for (Cloud cloud : Cloud.values()) {
                    requests.add(request(role, action, cloud, every, false));
                    requests.add(request(role, action, cloud, every.subList(0, 1), true));
                }
            }
        }
        for (Subscription one : every) {
            requests.add(request(PartnerRole.DIRECT_PARTNER, IntentAction.TAKE_OVER, Cloud.GLOBAL, List.of(one), false));
        }
        return requests;
    }

    private static DecisionRequest request(PartnerRole role, IntentAction action, Cloud cloud,
                                           List<Subscription> subscriptions, boolean delegated) {
        Partner partner = new Partner("P-WARM", role, role == PartnerRole.INDIRECT_RESELLER ? "P-DIRECT" : null);
        Intent intent = action == IntentAction.RESELL_TO_PARTNER
                ? new Intent(action, "P-OTHER", cloud == Cloud.GLOBAL) : new Intent(action, null, null);
        List<String> admins = delegated ? List.of("P-WARM", "P-DIRECT") : List.of();
        return new DecisionRequest(AS_OF, partner, new Customer("C-WARM", cloud, admins, subscriptions), intent);
    }

    /**
     * One subscription per channel, billing and status. The two live statuses differ in everything else a rule
     * may look at: seller (this partner or another), services (none, or two that no policy table lists), end date.
     */
    private static List<Subscription> everySubscription() {
        List<Subscription> subscriptions = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            for (Billing billing : Billing.values()) {
                for (SubscriptionStatus status : SubscriptionStatus.values()) {
                    boolean variant = status.ordinal() % 2 == 1;
                    List<String> services = billing == Billing.USAGE && variant ? SERVICES : List.of();
                    LocalDate end = variant ? AS_OF.plusDays(status == SubscriptionStatus.EXPIRED ? -30 : 30) : null;
                    String seller = variant ? "X-OTHER" : "P-WARM";
                    String id = "S-" + subscriptions.size();
                    subscriptions.add(new Subscription(id, "Offer " + id, billing, channel, seller, status, end, services));
                }
            }
        }
        return subscriptions;
    }
}
