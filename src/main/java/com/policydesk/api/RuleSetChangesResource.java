package com.policydesk.api;

import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetChanges;
import com.policydesk.service.RuleSetService;
import com.policydesk.service.RuleSetVersions;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * What a version changes against the active one (guarded by {@link AdminGuard}): its files, and its decision-table
 * rows with their old and new cells. The workbench shows it for the pending candidate, beside its scenario results
 * and its impact, so that it is reviewed before it is published.
 */
@Path("/api/v1/admin/ruleset/{version}/changes")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RuleSetChangesResource {
    private final RuleSetService rules;
    private final RuleSetVersions versions;

    RuleSetChangesResource(RuleSetService rules, RuleSetVersions versions) {
        this.rules = rules;
        this.versions = versions;
    }

    @GET
    public Response changes(@PathParam("version") String version) {
        Optional<RuleSet> candidate = versions.find(version);
        if (candidate.isEmpty()) {
            return ProblemMapper.respond(Problem.of(ApiError.NOT_FOUND,
                    "no version " + version + " is pending, kept for rollback or stored in the decision log"));
        }
        return Response.ok(RuleSetChanges.between(rules.current(), candidate.get())).build();
    }
}
