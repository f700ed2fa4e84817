package com.policydesk.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Everything a decision is made from: the validated request, defaults applied.
 *
 * @param asOf     the day the decision is made for
 * @param partner  the partner asking
 * @param customer the customer and its subscriptions
 * @param intent   what the partner wants to do
 */
public record DecisionRequest(LocalDate asOf, Partner partner, Customer customer, Intent intent) {
    public DecisionRequest {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(intent, "intent");
    }
}
