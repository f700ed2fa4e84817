package com.policydesk.service;

/**
 * A look-up of the decision log while it is written to Kafka ({@code policydesk.log.sink=kafka}): the service keeps
 * no file to query, and the topic is not indexed by decision, customer or code. Answered as 501
 * {@code decision_log_on_kafka}: the topic's consumers (a warehouse, a search index) are where to look.
 */
public final class LogNotQueryableException extends RuntimeException {
    public LogNotQueryableException() {
        super("the decision log is written to Kafka (policydesk.log.sink=kafka): look decisions up in the topic's"
                + " consumers; this service keeps no file to query");
    }
}
