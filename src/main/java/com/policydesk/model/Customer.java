package com.policydesk.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The end customer and its estate.
 *
 * @param id                       the customer's id
 * @param cloud                    the Microsoft cloud it lives in
 * @param delegatedAdminPartnerIds partners it has already granted delegated admin rights
 * @param subscriptions            its subscriptions, ids unique
 */
public record Customer(String id, Cloud cloud, List<String> delegatedAdminPartnerIds, List<Subscription> subscriptions) {
    public Customer {
        Facts.requireText(id, "customer.id");
        Objects.requireNonNull(cloud, "customer.cloud");
        delegatedAdminPartnerIds = Facts.listOrEmpty(delegatedAdminPartnerIds);
        subscriptions = Facts.listOrEmpty(subscriptions);
        var ids = new HashSet<String>();
        for (Subscription subscription : subscriptions) {
            if (!ids.add(subscription.id())) {
                throw new IllegalArgumentException("duplicate subscription id " + subscription.id());
            }
        }
    }

    /** Whether the customer has granted the given partner delegated admin rights. */
    public boolean hasDelegatedAdmin(String partnerId) {
        return delegatedAdminPartnerIds.contains(partnerId);
    }
}
