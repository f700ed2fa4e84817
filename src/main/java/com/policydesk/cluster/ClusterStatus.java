package com.policydesk.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The cluster as one replica sees it ({@code GET /api/v1/cluster}): the newest publication, every replica's newest
 * status, and whether they have converged: something is published and every replica heard of lately runs exactly
 * that version, active. A replica not heard for a while is shown {@code silent} and does not count (it is down, or
 * cannot reach Kafka).
 */
public record ClusterStatus(Published published, List<Replica> replicas, boolean converged) {
    /** The state shown for a replica whose last status is older than the silence limit. */
    public static final String SILENT = "silent";

    /** The newest publication of the rules topic. */
    public record Published(String version, String pack, Instant at) {
    }

    /** A replica's newest status: {@code state} is {@code active}, {@code failed} or {@code silent}. */
    public record Replica(String replica, String version, String state, String problem, Instant heardAt) {
    }

    /**
     * @param silentAfter a replica not heard for longer is silent (three status intervals)
     */
    public static ClusterStatus of(PublishedRuleSet published, List<ReplicaStatusBoard.Heard> heard, Instant now,
                                   Duration silentAfter) {
        List<Replica> replicas = heard.stream().map(each -> {
            ReplicaStatus status = each.status();
            boolean silent = each.heardAt().isBefore(now.minus(silentAfter));
            return new Replica(status.replica(), status.version(), silent ? SILENT : status.state().wire(),
                    status.problem(), each.heardAt());
        }).toList();
        List<Replica> live = replicas.stream().filter(replica -> !SILENT.equals(replica.state())).toList();
        boolean converged = published != null && !live.isEmpty() && live.stream().allMatch(replica ->
                published.version().equals(replica.version())
                        && ReplicaStatus.State.ACTIVE.wire().equals(replica.state()));
        return new ClusterStatus(published == null ? null
                : new Published(published.version(), published.pack(), published.at()), replicas, converged);
    }
}
