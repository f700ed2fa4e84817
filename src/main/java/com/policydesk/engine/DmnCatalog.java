package com.policydesk.engine;

import com.policydesk.error.EvaluationException;
import com.policydesk.error.RuleSetProblem;
import org.kie.api.io.Resource;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.core.DMNModel;
import org.kie.dmn.api.core.DMNResult;
import org.kie.dmn.api.core.DMNRuntime;
import org.kie.dmn.api.core.ast.DecisionNode;
import org.kie.dmn.api.core.event.AfterEvaluateDecisionTableEvent;
import org.kie.dmn.api.core.event.DMNRuntimeEventListener;
import org.kie.dmn.core.internal.utils.DMNRuntimeBuilder;
import org.kie.dmn.feel.util.Either;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.internal.io.ResourceFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The DMN models of a rule set, compiled once and evaluated many times. Decisions are pure functions of their
 * inputs, so outcomes are cached per (model, decision, inputs): a table is evaluated once per distinct input,
 * not once per subscription or per request. Thread-safe.
 */
final class DmnCatalog {
    private static final int CACHE_LIMIT = 10_000;

    private final DMNRuntime runtime;
    private final Map<String, DMNModel> modelsByName;
    private final List<DecisionTableRow> rows;
    private final Map<CacheKey, DmnOutcome> cache = new ConcurrentHashMap<>();
    /** Rows selected by the evaluation running on this thread: the runtime's listener is shared. */
    private final ThreadLocal<List<String>> selectedRows = ThreadLocal.withInitial(ArrayList::new);

    private DmnCatalog(DMNRuntime runtime, Map<String, DMNModel> modelsByName) {
        this.runtime = runtime;
        this.modelsByName = Map.copyOf(modelsByName);
        this.rows = listRows(modelsByName.values());
        if (runtime != null) {
            runtime.addListener(new RowRecorder());
        }
    }

    static DmnCatalog empty() {
        return new DmnCatalog(null, Map.of());
    }

    /**
     * Compiles the DMN files; every problem found is added to {@code problems}, and null is returned if any.
     */
    static DmnCatalog compile(List<RuleFile> dmnFiles, ClassLoader classLoader, List<RuleSetProblem> problems) {
        if (dmnFiles.isEmpty()) {
            return empty();
        }
        List<Resource> resources = new ArrayList<>();
        for (RuleFile file : dmnFiles) {
            Resource resource = ResourceFactory.newByteArrayResource(file.content());
            resource.setSourcePath(file.path());
            resources.add(resource);
        }
        Either<Exception, DMNRuntime> built;
        try {
            built = DMNRuntimeBuilder.fromDefaults().setRootClassLoader(classLoader).buildConfiguration()
                    .fromResources(resources);
        } catch (RuntimeException e) {
            problems.addAll(unreadable(e, dmnFiles));
            return null;
        }
        Exception failure = built.cata(e -> e, r -> null);
        if (failure != null) {
            problems.addAll(unreadable(failure, dmnFiles));
            return null;
        }
        DMNRuntime runtime = built.getOrElse(null);
        int before = problems.size();
        Map<String, DMNModel> byName = new HashMap<>();
        for (DMNModel model : runtime.getModels()) {
            String file = model.getResource() == null ? model.getName() + ".dmn" : model.getResource().getSourcePath();
            for (DMNMessage message : model.getMessages(DMNMessage.Severity.ERROR)) {
                problems.add(DmnFeelProblems.of(file, message));
            }
            if (byName.put(model.getName(), model) != null) {
                problems.add(new RuleSetProblem(file, 0, "a second DMN model is named '" + model.getName() + "'"));
            }
        }
        if (runtime.getModels().size() < dmnFiles.size()) {
            problems.add(new RuleSetProblem(dmnFiles.get(0).path(), 0,
                    "only " + runtime.getModels().size() + " of " + dmnFiles.size() + " DMN files produced a model"));
        }
        return problems.size() > before ? null : new DmnCatalog(runtime, byName);
    }

    /**
     * Why the DMN files built no runtime: the FEEL syntax errors of their cells where some cell does not parse (the
     * compiler gives up on some of those without saying where), otherwise what the failure says.
     */
    private static List<RuleSetProblem> unreadable(Exception failure, List<RuleFile> dmnFiles) {
        List<RuleSetProblem> located = dmnFiles.stream().flatMap(file -> DmnFeelProblems.scan(file).stream()).toList();
        return !located.isEmpty() ? located : List.of(new RuleSetProblem(DmnProblems.fileOf(failure, dmnFiles),
                DmnProblems.lineOf(failure), DmnProblems.describe(failure)));
    }

    /** The decision's outcome for these inputs, from the cache where it was evaluated before. */
    DmnOutcome evaluate(String modelName, String decisionName, Map<String, Object> inputs) {
        CacheKey key = new CacheKey(modelName, decisionName, inputs);
        DmnOutcome known = cache.get(key);
        if (known != null) {
            return known;
        }
        DmnOutcome outcome = evaluateNow(modelName, decisionName, inputs);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, outcome);
        return outcome;
    }

    List<String> decisionNames() {
        return modelsByName.values().stream()
                .flatMap(model -> model.getDecisions().stream().map(d -> model.getName() + "/" + d.getName()))
                .sorted()
                .toList();
    }

    List<DecisionTableRow> rows() {
        return rows;
    }

    private DmnOutcome evaluateNow(String modelName, String decisionName, Map<String, Object> inputs) {
        DMNModel model = modelsByName.get(modelName);
        if (model == null) {
            throw new EvaluationException("dmn_model_not_found",
                    "no DMN model named '" + modelName + "'; the rule set has " + modelsByName.keySet());
        }
        if (model.getDecisionByName(decisionName) == null) {
            throw new EvaluationException("dmn_decision_not_found",
                    "DMN model '" + modelName + "' has no decision named '" + decisionName + "'");
        }
        DMNContext context = runtime.newContext();
        inputs.forEach(context::set);
        List<String> selected = selectedRows.get();
        selected.clear();
        DMNResult result = runtime.evaluateByName(model, context, decisionName);
        List<String> rowIds = selected.stream().map(row -> modelName + "/" + row).toList();
        selected.clear();
        if (result.hasErrors()) {
            throw new EvaluationException("dmn_evaluation_failed", "DMN decision '" + modelName + "/" + decisionName
                    + "' failed for " + inputs + ": " + result.getMessages(DMNMessage.Severity.ERROR).stream()
                    .map(DMNMessage::getText).collect(Collectors.joining("; ")));
        }
        return new DmnOutcome(result.getDecisionResultByName(decisionName).getResult(), rowIds);
    }

    private static List<DecisionTableRow> listRows(Iterable<DMNModel> models) {
        List<DecisionTableRow> rows = new ArrayList<>();
        for (DMNModel model : models) {
            for (DecisionNode decision : model.getDecisions()) {
                if (decision.getDecision().getExpression() instanceof DecisionTable table) {
                    List<String> columns = TableColumns.of(table);
                    int index = 0;
                    for (DecisionRule rule : table.getRule()) {
                        index++;
                        String annotation = rule.getAnnotationEntry().isEmpty() ? ""
                                : String.valueOf(rule.getAnnotationEntry().get(0).getText());
                        rows.add(new DecisionTableRow(rowId(model.getName(), decision.getName(), rule.getId()),
                                model.getName(), decision.getName(), index, annotation, cells(columns, rule)));
                    }
                }
            }
        }
        rows.sort(Comparator.comparing(DecisionTableRow::model).thenComparing(DecisionTableRow::table)
                .thenComparingInt(DecisionTableRow::index));
        return List.copyOf(rows);
    }

    /** A row's texts in the order of {@link TableColumns#of}: input entries, output entries, annotations. */
    private static List<DecisionTableRow.Cell> cells(List<String> columns, DecisionRule rule) {
        List<String> texts = new ArrayList<>();
        rule.getInputEntry().forEach(entry -> texts.add(entry.getText()));
        rule.getOutputEntry().forEach(entry -> texts.add(entry.getText()));
        rule.getAnnotationEntry().forEach(entry -> texts.add(entry.getText()));
        List<DecisionTableRow.Cell> cells = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            cells.add(new DecisionTableRow.Cell(i < columns.size() ? columns.get(i) : "", String.valueOf(texts.get(i))));
        }
        return cells;
    }

    /** The form of a row id: the listener and {@link #evaluateNow} build the same one. */
    private static String rowId(String model, String table, String ruleId) {
        return model + "/" + table + "#" + ruleId;
    }

    /** A cached outcome: the result and the table rows that produced it. */
    record DmnOutcome(Object result, List<String> rowIds) {
    }

    private record CacheKey(String model, String decision, Map<String, Object> inputs) {
    }

    /** Records the rows a table selects, for the evaluation running on this thread. */
    private final class RowRecorder implements DMNRuntimeEventListener {
        @Override
        public void afterEvaluateDecisionTable(AfterEvaluateDecisionTableEvent event) {
            for (String ruleId : event.getSelectedIds()) {
                selectedRows.get().add(event.getDecisionName() + "#" + ruleId);
            }
        }
    }
}
