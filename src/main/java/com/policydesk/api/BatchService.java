package com.policydesk.api;

import com.policydesk.request.BatchItem;
import com.policydesk.service.DecisionFailedException;
import com.policydesk.service.DecisionService;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** Decides each item of a batch on its own: one bad or failing item never fails the others. */
@Singleton
public class BatchService {
    private final DecisionService decisions;

    BatchService(DecisionService decisions) {
        this.decisions = decisions;
    }

    public BatchResponse decide(List<BatchItem> items) {
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
        }
    }
}
