package com.policydesk.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One of the customer's subscriptions, as the CRM reports it.
 *
 * @param id       unique within the request
 * @param offer    display name, may be null
 * @param billing  license-based or usage-based
 * @param channel  where it was bought
 * @param sellerId who sold it, where known; may be null
 * @param status   reported status
 * @param endDate  when its term ends; may be null
 * @param services names of the Azure services in use (usage-based only); never null
 */
public record Subscription(
        String id,
        String offer,
        Billing billing,
        Channel channel,
        String sellerId,
        SubscriptionStatus status,
        LocalDate endDate,
        List<String> services) {

    public Subscription {
        Facts.requireText(id, "subscription.id");
        Objects.requireNonNull(billing, "subscription.billing");
        Objects.requireNonNull(channel, "subscription.channel");
        Objects.requireNonNull(status, "subscription.status");
        services = Facts.listOrEmpty(services);
    }

}
