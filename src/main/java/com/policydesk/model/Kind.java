package com.policydesk.model;

/** How a recommendation weighs; the declaration order is the response order. */
public enum Kind {
    BLOCKER, ACTION, WARNING, INFO
}
