package com.policydesk.api;

import com.policydesk.service.ScenarioService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

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

    @GET
    @Path("/results")
    public ScenarioService.Results results() {
        return scenarios.results();
    }
}
