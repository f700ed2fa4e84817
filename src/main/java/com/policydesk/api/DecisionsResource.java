package com.policydesk.api;

import com.policydesk.service.DecisionLookupService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The decision log, read back (admin token, see {@link AdminGuard}): one decision by id, or a listing. */
@Path("/api/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DecisionsResource {
    private final DecisionLookupService decisions;

    DecisionsResource(DecisionLookupService decisions) {
        this.decisions = decisions;
    }

    @GET
    @Path("/{decisionId}")
    public LoggedDecisionResponse find(@PathParam("decisionId") String decisionId, @QueryParam("rerun") String rerun) {
        boolean again = DecisionQueryParameters.flag("rerun", rerun);
        return decisions.find(decisionId, again).map(LoggedDecisionResponse::of)
                .orElseThrow(() -> new ApiException(ApiError.NOT_FOUND, "no logged decision " + decisionId));
    }

    @GET
    public DecisionListResponse list(@QueryParam("customerId") String customerId, @QueryParam("code") String code,
                                     @QueryParam("from") String from, @QueryParam("to") String to,
                                     @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return DecisionListResponse.of(decisions.list(DecisionQueryParameters.parse(customerId, code, from, to, limit, cursor)));
    }
}
