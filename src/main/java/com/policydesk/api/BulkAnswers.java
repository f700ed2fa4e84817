package com.policydesk.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.cluster.BulkAnswer;
import com.policydesk.cluster.BulkDecider;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.request.RequestReader;
import com.policydesk.service.DecisionFailedException;
import com.policydesk.service.DecisionService;
import com.policydesk.service.OverloadedException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A bulk request decided as {@code POST /api/v1/recommendations} decides one (the same size limit, reader, decision
 * and log), its answer the JSON that endpoint answers: the decision, or the problem with the same code and errors.
 * Never throws for a request: whatever goes wrong becomes a problem, so one bad message cannot stop the consumer.
 */
@Singleton
public class BulkAnswers implements BulkDecider {
    private static final Logger LOG = Logger.getLogger(BulkAnswers.class);

    private final DecisionService decisions;
    private final RequestReader reader;
    private final RequestGuard guard;
    private final ObjectMapper json;
    private final ResponseJson responses;

    BulkAnswers(DecisionService decisions, RequestReader reader, RequestGuard guard, ObjectMapper json,
                ResponseJson responses) {
        this.decisions = decisions;
        this.reader = reader;
        this.guard = guard;
        this.json = json;
        this.responses = responses;
    }

    /** Empty while the decision log is full and sheds: the bulk consumer waits instead of answering 503. */
    @Override
    public Optional<BulkAnswer> answer(byte[] body, String decisionId) {
        try {
            guard.requireWithinLimit(body.length);
            DecisionResponse response = decisions.decide(reader.read(body), body, false, decisionId);
            return Optional.of(new BulkAnswer(decisionId, false, responses.write(response)));
        } catch (OverloadedException full) {
            return Optional.empty();
        } catch (InvalidRequestException invalid) {
            return Optional.of(problem(null, Problem.invalid(invalid.errors())));
        } catch (ApiException refused) {
            return Optional.of(problem(null, Problem.of(refused.error(), refused.getMessage())));
        } catch (DecisionFailedException failed) {
            return Optional.of(problem(decisionId, Problem.internal(decisionId)));
        } catch (RuntimeException unexpected) {
            LOG.errorf(unexpected, "Bulk request %s failed unexpectedly", decisionId);
            return Optional.of(problem(decisionId, Problem.internal(decisionId)));
        }
    }

    private BulkAnswer problem(String decisionId, Problem problem) {
        return new BulkAnswer(decisionId, true, write(problem));
    }

    private byte[] write(Problem answer) {
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
