package com.policydesk.engine;

import java.util.List;
import java.util.Map;

/**
 * One DMN decision evaluated during a decision: what went in, what came out, which table rows were selected.
 *
 * @param model    the DMN model's name
 * @param decision the decision's name
 * @param inputs   the input values by name
 * @param result   the decision's result (may be null)
 * @param rowIds   ids of the decision-table rows selected on the way, as {@code table#ruleId}
 */
public record DmnEvaluation(String model, String decision, Map<String, Object> inputs, Object result, List<String> rowIds) {
    public DmnEvaluation {
        inputs = Map.copyOf(inputs);
        rowIds = List.copyOf(rowIds);
    }
}
