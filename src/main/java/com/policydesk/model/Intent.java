package com.policydesk.model;

import java.util.Objects;

/**
 * What the partner wants to do.
 *
 * @param action          the action
 * @param targetPartnerId for a resale: the partner to resell to; otherwise may be null
 * @param targetInCsp     for a resale: whether that partner is itself in CSP; otherwise may be null
 */
public record Intent(IntentAction action, String targetPartnerId, Boolean targetInCsp) {
    public Intent {
        Objects.requireNonNull(action, "intent.action");
        if (action == IntentAction.RESELL_TO_PARTNER) {
            Facts.requireText(targetPartnerId, "intent.targetPartnerId");
            Objects.requireNonNull(targetInCsp, "intent.targetInCsp");
        }
    }

    public static Intent takeOver() {
        return new Intent(IntentAction.TAKE_OVER, null, null);
    }
}
