package com.policydesk.api;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.request.BatchItem;
import com.policydesk.request.RequestReader;
import com.policydesk.service.DecisionFailedException;
import com.policydesk.service.DecisionService;
import com.policydesk.service.OverloadedException;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Decides each item of a batch on its own: one bad or failing item never fails the others. At most
 * {@code policydesk.request.max-concurrent-batches} batches are read and decided at once, in arrival order: a
 * burst of large batches waits instead of exhausting the heap.
 */
@Singleton
public class BatchService {
    private final DecisionService decisions;
    private final RequestReader reader;
    private final Semaphore turns;

    BatchService(DecisionService decisions, RequestReader reader, PolicyDeskConfig config) {
        this.decisions = decisions;
        this.reader = reader;
        int concurrent = config.request().maxConcurrentBatches();
        if (concurrent < 1) {
            throw new IllegalArgumentException("policydesk.request.max-concurrent-batches must be at least 1, was " + concurrent);
        }
        this.turns = new Semaphore(concurrent, true);
    }

    /** Reads and decides a batch body, waiting for its turn (the caller is a worker thread). */
    public BatchResponse decide(byte[] body) {
        turns.acquireUninterruptibly();
        try {
            return decide(reader.readBatch(body));
        } finally {
            turns.release();
        }
    }

    private BatchResponse decide(List<BatchItem> items) {
        List<Object> results = new ArrayList<>(items.size());
        for (BatchItem item : items) {
            results.add(decide(item));
        }
        return new BatchResponse(results);
    }

    private Object decide(BatchItem item) {
        if (item instanceof BatchItem.Invalid invalid) {
            return Problem.invalid(invalid.error().errors());
        }
        try {
            return decisions.decide(((BatchItem.Valid) item).request(), false);
        } catch (DecisionFailedException failed) {
            return Problem.internal(failed.decisionId());
        } catch (OverloadedException overloaded) {
            return Problem.of(ApiError.OVERLOADED, overloaded.getMessage());
        }
    }
}
