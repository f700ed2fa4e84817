package com.policydesk.model;

/** What the partner wants to do. */
public enum IntentAction {
    TAKE_OVER, RESELL_TO_PARTNER, INVITE_CUSTOMER
}
