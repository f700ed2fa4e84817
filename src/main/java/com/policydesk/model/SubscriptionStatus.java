package com.policydesk.model;

/** A subscription's status as the customer's systems report it. */
public enum SubscriptionStatus {
    ACTIVE, SUSPENDED, EXPIRED, CANCELLED
}
