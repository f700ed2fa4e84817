package com.policydesk;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decisions a crash test's clients were answered, each with when it was asked for and when answered
 * ({@link System#nanoTime()}), to judge a decision log after the service was killed without assuming how late its
 * writer ran.
 *
 * <p>The service queues a decision for its log before it answers, and the log writes its queue in order (one queue,
 * one writer; on Kafka, one partition of an idempotent producer). So when a decision is in the log after the kill,
 * so is every decision answered before that one was asked for: {@link #owedTo} is that set.
 */
public final class AnsweredDecisions {
    /** One answered decision: the customer asked about, when it was sent and when its answer came. */
    public record Answer(String customerId, long sentAt, long answeredAt) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public void add(String decisionId, Answer answer) {
        answers.put(decisionId, answer);
    }

    public int size() {
        return answers.size();
    }

    public Answer get(String decisionId) {
        return answers.get(decisionId);
    }

    public Set<String> ids() {
        return answers.keySet();
    }

    /** The decision answered last so far. */
    public Optional<String> latest() {
        return answers.entrySet().stream().max(Comparator.comparingLong(entry -> entry.getValue().answeredAt()))
                .map(Map.Entry::getKey);
    }

    /** The decisions a log in queue order must hold, given what it holds: those answered before its newest was sent. */
    public List<String> owedTo(Set<String> logged) {
        long newestLoggedSent = answers.entrySet().stream().filter(entry -> logged.contains(entry.getKey()))
                .mapToLong(entry -> entry.getValue().sentAt()).max().orElse(Long.MIN_VALUE);
        return answers.entrySet().stream().filter(entry -> entry.getValue().answeredAt() < newestLoggedSent)
                .sorted(Comparator.comparingLong(entry -> entry.getValue().answeredAt())).map(Map.Entry::getKey).toList();
    }

    /**
     * How long before {@code killedAt} the oldest answered decision the log lacks was answered: 0 when none was, or
     * only answers that came while the kill was under way.
     */
    public long unloggedTailMillis(Set<String> logged, long killedAt) {
        long nanos = answers.entrySet().stream().filter(entry -> !logged.contains(entry.getKey()))
                .mapToLong(entry -> killedAt - entry.getValue().answeredAt()).max().orElse(0);
        return Math.max(0, nanos) / 1_000_000;
    }
}
