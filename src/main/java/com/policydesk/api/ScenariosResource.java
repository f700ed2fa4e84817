package com.policydesk.api;

import com.policydesk.service.ScenarioService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.NoSuchElementException;

/** The scenario suites, for the workbench: their requests, and their results and coverage against the active rules. */
@Path("/api/v1/scenarios")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ScenariosResource {
    private final ScenarioService scenarios;

    ScenariosResource(ScenarioService scenarios) {
        this.scenarios = scenarios;
    }

    @GET
    public List<ScenarioService.Suite> suites() {
        return scenarios.suites();
    }

    /** Against the active rules, or with {@code ?version=} against the pending candidate or a kept version. */
    @GET
    @Path("/results")
    public Response results(@QueryParam("version") String version) {
        if (version == null || version.isBlank()) {
            return Response.ok(scenarios.results()).build();
        }
        try {
            return Response.ok(scenarios.results(version)).build();
        } catch (NoSuchElementException unknown) {
            return ProblemMapper.respond(Problem.of(ApiError.NOT_FOUND, unknown.getMessage()));
        }
    }
}
