package com.policydesk.model;

/** How a subscription is billed: per seat (license-based) or by consumption (usage-based, Azure). */
public enum Billing {
    LICENSE, USAGE
}
