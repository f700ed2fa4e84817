package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.policydesk.engine.RuleSetHistoryEntry;
import com.policydesk.engine.RuleSetManager;
import com.policydesk.impact.ReplayProgress;
import com.policydesk.service.ImpactService;
import com.policydesk.service.RuleSetService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Operating the rule set: reload now, see the history, roll back. Guarded by {@link AdminGuard}. Rules are never
 * accepted over HTTP (DRL is code): they come only from the configured folder.
 */
@Path("/api/v1/admin/ruleset")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AdminResource {
    private static final String NO_REPLAY = "no replay of the whole log has run since the service started";
    private final RuleSetService rules;
    private final ImpactService impacts;
    private final RequestGuard guard;

    AdminResource(RuleSetService rules, ImpactService impacts, RequestGuard guard) {
        this.rules = rules;
        this.impacts = impacts;
        this.guard = guard;
    }

    /** 200 with the version now active, or 422 with the rejection report. */
    @POST
    @Path("/reload")
    public Response reload() {
        RuleSetManager.ReloadResult result = rules.reload("admin");
        return switch (result.status()) {
            case ACTIVATED, UNCHANGED -> Response.ok(new ReloadAnswer(result.status().name(), rules.current().version(), null)).build();
            case PENDING -> Response.ok(new ReloadAnswer(result.status().name(), rules.current().version(), result.version())).build();
            case PUBLISHED -> Response.ok(new ReloadAnswer(result.status().name(), rules.current().version(), null)).build();
            case REJECTED -> rejected(result.status(), result.entry());
            case STILL_REJECTED -> rejected(result.status(), rules.lastRejected().orElse(null));
        };
    }

    @GET
    @Path("/history")
    public History history() {
        return new History(rules.current().version(), rules.keptVersions(), rules.history());
    }

    @POST
    @Path("/{version}/activate")
    public Response activate(@PathParam("version") String version) {
        try {
            return Response.ok(rules.activate(version)).build();
        } catch (IllegalArgumentException notKept) {
            return ProblemMapper.respond(Problem.of(ApiError.NOT_FOUND, notKept.getMessage()));
        }
    }

    /**
     * What publishing a version would change, replayed on the newest logged requests (200 with the report); with
     * {@code "limit": "all"}, on every logged decision, in the background (202 with its status, followed at
     * {@code /impact/status}).
     */
    @POST
    @Path("/impact")
    public Response impact(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        guard.requireJson(contentType);
        guard.requireWithinLimit(body.length);
        ImpactRequest request = ImpactRequest.read(body);
        try {
            if (request.all()) {
                return Response.accepted(impacts.replayWholeLog(request.version()))
                        .location(URI.create("/api/v1/admin/ruleset/impact/status")).build();
            }
            return Response.ok(impacts.impact(request.version(), request.limit())).build();
        } catch (NoSuchElementException unknown) {
            return ProblemMapper.respond(Problem.of(ApiError.NOT_FOUND, unknown.getMessage()));
        }
    }

    /** The latest replay of the whole log: its progress (count, rate), and its report once it has ended. */
    @GET
    @Path("/impact/status")
    public ReplayProgress.Status impactStatus() {
        return impacts.wholeLogStatus().orElseThrow(() -> new ApiException(ApiError.NOT_FOUND, NO_REPLAY));
    }

    /** Stops the running replay of the whole log; its status then ends CANCELLED with the report of what it decided. */
    @POST
    @Path("/impact/cancel")
    public ReplayProgress.Status cancelImpact() {
        return impacts.cancelWholeLog().orElseThrow(() -> new ApiException(ApiError.NOT_FOUND, NO_REPLAY));
    }

    private Response rejected(RuleSetManager.Status status, RuleSetHistoryEntry entry) {
        ApiError error = ApiError.RULESET_REJECTED;
        String detail = status == RuleSetManager.Status.STILL_REJECTED
                ? "the rules folder still holds the candidate rejected before; fix the files and reload"
                : "the candidate rule set was refused; " + rules.current().version() + " stays active";
        RejectionProblem problem = new RejectionProblem(error.type(), error.title(), error.status(), error.code(), detail,
                rules.current().version(), entry);
        return Response.status(error.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** A refused reload, as a problem: the active version that stays, and the rejection report. */
    public record RejectionProblem(String type, String title, int status, String code, String detail, String active,
                                   RuleSetHistoryEntry rejection) {
    }

    /**
     * What a successful reload did: activated a new version, found nothing new, or (manual activation) made a
     * pending candidate that {@code POST /api/v1/admin/ruleset/{version}/activate} publishes; with several replicas,
     * {@code PUBLISHED}: published, and not live on this replica yet when the answer was given.
     */
    public record ReloadAnswer(String status, String active, @JsonInclude(JsonInclude.Include.NON_NULL) String pending) {
    }

    /** The active version, the versions kept for rollback (newest first), and every version seen (newest first). */
    public record History(String active, List<String> kept, List<RuleSetHistoryEntry> entries) {
    }
}
