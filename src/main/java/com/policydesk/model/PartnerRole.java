package com.policydesk.model;

/** The partner's place in CSP: it works with customers directly, or sells through a direct partner. */
public enum PartnerRole {
    DIRECT_PARTNER, INDIRECT_RESELLER
}
