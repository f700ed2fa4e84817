package com.policydesk.model;

/** Where a subscription was bought. What each channel means for a move is policy and lives in rules/. */
public enum Channel {
    MICROSOFT_DIRECT, ADVISOR, OPEN, EA, THIRD_PARTY, SYNDICATION, CSP
}
