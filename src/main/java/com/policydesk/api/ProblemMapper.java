package com.policydesk.api;

import com.policydesk.engine.RuleSetManager;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.scenario.KeepRefusedException;
import com.policydesk.service.DecisionFailedException;
import com.policydesk.service.LogNotQueryableException;
import com.policydesk.service.OverloadedException;
import com.policydesk.service.ReplayRunningException;
import com.policydesk.service.RuleEditRefusedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/** Every error becomes one problem+json shape with a stable code; never a stack trace. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return respond(Problem.invalid(e.errors()));
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(Problem.of(e.error(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response editRefused(RuleEditRefusedException e) {
        RuleEditProblem problem = RuleEditProblem.of(e);
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** Keep as scenario: a redacted request, an id the suite has, a suite file that cannot take one more. */
    @ServerExceptionMapper
    public Response keepRefused(KeepRefusedException e) {
        ApiError error = switch (e.reason()) {
            case REDACTED -> ApiError.DECISION_REDACTED;
            case SCENARIO_EXISTS -> ApiError.SCENARIO_EXISTS;
            case SUITE_INVALID -> ApiError.SUITE_INVALID;
        };
        return respond(Problem.of(error, e.getMessage()));
    }

    /** One replay of the whole log at a time: it takes every core. */
    @ServerExceptionMapper
    public Response replayRunning(ReplayRunningException e) {
        return respond(Problem.of(ApiError.CONFLICT, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response failed(DecisionFailedException e) {
        return respond(Problem.internal(e.decisionId()));
    }

    /** The decision log cannot keep up: the client retries after a commit window or so. */
    @ServerExceptionMapper
    public Response overloaded(OverloadedException e) {
        return Response.fromResponse(respond(Problem.of(ApiError.OVERLOADED, e.getMessage())))
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    /** Several replicas: a valid change that Kafka did not take is live nowhere; the caller tries again. */
    @ServerExceptionMapper
    public Response unpublished(RuleSetManager.PublicationException e) {
        return respond(Problem.of(ApiError.CLUSTER_UNAVAILABLE, e.getMessage() + "; nothing changed on any replica"));
    }

    /** Not a failure: this service was set up to send its log to Kafka, where no look-up by id or customer exists. */
    @ServerExceptionMapper
    public Response logOnKafka(LogNotQueryableException e) {
        return respond(Problem.of(ApiError.DECISION_LOG_ON_KAFKA, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(Problem.of(ApiError.NOT_FOUND, "no such resource"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return respond(Problem.of(ApiError.METHOD_NOT_ALLOWED, "this method is not allowed on this resource"));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return respond(Problem.of(ApiError.NOT_ACCEPTABLE, "this resource answers application/json"));
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e) {
        return respond(Problem.of(ApiError.UNSUPPORTED_MEDIA_TYPE, "send application/json"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return respond(Problem.of(ApiError.PAYLOAD_TOO_LARGE, "the body is over the limit"));
        }
        if (status >= 400 && status < 500) {
            return respond(new Problem("/errors/http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                    status, "http_" + status, e.getMessage(), null, null));
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s", id);
        return respond(Problem.internal(id));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
