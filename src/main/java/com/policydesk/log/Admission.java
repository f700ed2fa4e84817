package com.policydesk.log;

/** What the log did with a decision handed to it. */
public enum Admission {
    /** Queued: it will be written within one commit window. */
    QUEUED,
    /** The queue was full and the policy is to drop: not logged, counted. */
    DROPPED,
    /** The queue was full (or the log is closed) and the policy is to shed: the caller must refuse the request. */
    REFUSED,
    /** It could not be encoded (a bug, logged as an error): not logged, counted as failed; the answer stands. */
    FAILED
}
