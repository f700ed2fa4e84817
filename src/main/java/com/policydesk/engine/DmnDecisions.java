package com.policydesk.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How rules ask DMN: the global {@code dmn} of every DRL package. One instance per evaluation, so the
 * decisions it makes can be listed in that evaluation's trace. DRL calls, for example,
 * {@code dmn.decide("AzureServicesInCsp", "Offered in CSP", Map.of("cloud", "GLOBAL", "service", name))}.
 */
public final class DmnDecisions {
    /** The name DRL declares the global under. */
    public static final String GLOBAL = "dmn";

    private final DmnCatalog catalog;
    private final boolean trace;
    private final List<DmnEvaluation> evaluations = new ArrayList<>();

    /** With {@code trace}, every decision asked is listed with its inputs, result and rows. */
    DmnDecisions(DmnCatalog catalog, boolean trace) {
        this.catalog = catalog;
        this.trace = trace;
    }

    /** The result of a decision of a model for these inputs. */
    public Object decide(String model, String decision, Map<String, ?> inputs) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) Map.copyOf(inputs);
        DmnCatalog.DmnOutcome outcome = catalog.evaluate(model, decision, values);
        if (trace) {
            evaluations.add(new DmnEvaluation(model, decision, values, outcome.result(), outcome.rowIds()));
        }
        return outcome.result();
    }

    /** Whether a boolean decision is true for these inputs; null or any other value counts as false. */
    public boolean isTrue(String model, String decision, Map<String, ?> inputs) {
        return Boolean.TRUE.equals(decide(model, decision, inputs));
    }

    List<DmnEvaluation> evaluations() {
        return List.copyOf(evaluations);
    }
}
