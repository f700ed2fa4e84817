package com.policydesk.api;

import com.policydesk.service.DecisionScenarioService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * "Keep as scenario" (admin token, see {@link AdminGuard}): a logged decision as a scenario of the suites, as JSON
 * with its YAML, or the YAML alone for {@code Accept: application/yaml}; added to a suite file when one is named.
 */
@Path("/api/v1/admin/decisions/{decisionId}/scenario")
@Blocking
public class DecisionScenarioResource {
    static final String YAML = "application/yaml";

    private final DecisionScenarioService scenarios;
    private final RequestGuard guard;

    DecisionScenarioResource(DecisionScenarioService scenarios, RequestGuard guard) {
        this.scenarios = scenarios;
        this.guard = guard;
    }

    /** 201 when added to a suite, 200 when only answered. */
    @POST
    @Produces({MediaType.APPLICATION_JSON, YAML})
    public Response keep(@PathParam("decisionId") String decisionId, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                         @HeaderParam(HttpHeaders.ACCEPT) String accept, byte[] body) {
        if (body.length > 0) {
            guard.requireJson(contentType);
            guard.requireWithinLimit(body.length);
        }
        KeepScenarioRequest request = KeepScenarioRequest.read(body);
        DecisionScenarioService.Kept kept = scenarios.keep(decisionId, request.id(), request.description(), request.suite())
                .orElseThrow(() -> new ApiException(ApiError.NOT_FOUND, "no logged decision " + decisionId));
        Response.ResponseBuilder answer = Response.status(kept.suite() == null ? 200 : 201);
        if (accept != null && accept.contains(YAML)) {
            return answer.type(YAML).entity(kept.scenario().yaml()).build();
        }
        return answer.type(MediaType.APPLICATION_JSON).entity(KeptScenarioResponse.of(kept)).build();
    }

    /**
     * A kept scenario: its id, the decision and version it was made from, the suite file it was added to (null
     * when none was named), and the scenario as a suite file of its own.
     */
    public record KeptScenarioResponse(String id, String decisionId, String ruleset, String suite, String yaml) {
        static KeptScenarioResponse of(DecisionScenarioService.Kept kept) {
            return new KeptScenarioResponse(kept.scenario().id(), kept.scenario().decisionId(), kept.scenario().ruleset(),
                    kept.suite(), kept.scenario().yaml());
        }
    }
}
