package com.policydesk.api;

import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;
import com.policydesk.service.ImpactService;
import com.policydesk.service.RuleSetService;
import com.policydesk.service.DecisionService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * The decision API. Bodies are taken as bytes and read by {@link RequestReader}, so that every problem of a
 * request is reported with its path, not only the first one a data binder trips on.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationsResource {
    private final DecisionService decisions;
    private final BatchService batches;
    private final RequestReader reader;
    private final RequestGuard guard;
    private final RuleSetService rules;
    private final ImpactService impacts;
    private final HttpWarmup warmup;

    RecommendationsResource(DecisionService decisions, BatchService batches, RequestReader reader, RequestGuard guard,
                            RuleSetService rules, ImpactService impacts, HttpWarmup warmup) {
        this.impacts = impacts;
        this.warmup = warmup;
        this.decisions = decisions;
        this.batches = batches;
        this.reader = reader;
        this.guard = guard;
        this.rules = rules;
    }

    /** Decisions are CPU-bound and take well under a millisecond: they run on the I/O thread, with no hop. */
    @POST
    @Path("/recommendations")
    @NonBlocking
    public DecisionResponse recommend(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                      @QueryParam("explain") String explain,
                                      @Parameter(hidden = true) @HeaderParam(HttpWarmup.HEADER) String warmupToken,
                                      @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                              schema = @Schema(ref = "DecisionRequest"))) byte[] body) {
        guard.requireJson(contentType);
        guard.requireWithinLimit(body.length);
        DecisionRequest request = guard.withExplainChecked(explain, () -> reader.read(body));
        boolean explained = "true".equals(explain);
        return warmup.isOwn(warmupToken) ? decisions.decideForWarmup(request, explained)
                : decisions.decide(request, body, explained);
    }

    /** Up to 1,000 requests: long enough to keep off the I/O thread. */
    @POST
    @Path("/recommendations/batch")
    @Blocking
    public BatchResponse batch(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                       schema = @Schema(ref = "BatchRequest"))) byte[] body) {
        guard.requireJson(contentType);
        guard.requireWithinLimit(body.length);
        return batches.decide(body);
    }

    @GET
    @Path("/ruleset")
    public RuleSetSummary ruleSet() {
        return RuleSetSummary.of(rules.current(), rules.source(), rules.lastRejected(),
                impacts.pendingImpact().map(impact -> new RuleSetSummary.Pending(impact.candidate(), impact)));
    }
}
