package com.policydesk.log;

/** What happens to a decision when the log's queue is full. */
public enum WhenFull {
    /** Refuse the request (503 with Retry-After): nothing is answered that is not logged. */
    SHED,
    /** Answer it, do not log it, and count it. */
    DROP
}
