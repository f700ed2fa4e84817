package com.policydesk.api;

import com.policydesk.service.ClusterService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/v1/cluster}: the published version, every replica's version and state, and whether they agree.
 * Open like {@code GET /api/v1/ruleset} (versions and states reveal nothing that one does not); a service that runs
 * alone answers 404.
 */
@Path("/api/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
    private final ClusterService cluster;

    ClusterResource(ClusterService cluster) {
        this.cluster = cluster;
    }

    @GET
    public Response status() {
        if (!cluster.enabled()) {
            return ProblemMapper.respond(Problem.of(ApiError.NOT_FOUND,
                    "this service runs alone: policydesk.cluster.kafka.bootstrap-servers is not set"));
        }
        return Response.ok(cluster.status()).build();
    }
}
