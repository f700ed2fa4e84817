package com.policydesk.engine;

import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.InputClause;
import org.kie.dmn.model.api.OutputClause;
import org.kie.dmn.model.api.RuleAnnotationClause;

import java.util.ArrayList;
import java.util.List;

/** The names of a decision table's columns, as the DMN editor shows them in the table's header. */
final class TableColumns {
    private TableColumns() {
    }

    /** Inputs, then outputs, then annotations: the order of the cells of a row. */
    static List<String> of(DecisionTable table) {
        List<String> columns = new ArrayList<>();
        table.getInput().forEach(input -> columns.add(input(input)));
        table.getOutput().forEach(output -> columns.add(output(table, output)));
        table.getAnnotation().forEach(annotation -> columns.add(annotation(annotation)));
        return columns;
    }

    /** An input's expression, as the editor heads its column (not its label); its label when it has none. */
    static String input(InputClause input) {
        if (input.getInputExpression() != null && input.getInputExpression().getText() != null
                && !input.getInputExpression().getText().isBlank()) {
            return input.getInputExpression().getText().strip();
        }
        return input.getLabel() != null && !input.getLabel().isBlank() ? input.getLabel() : "input";
    }

    /** An output's label or name; a table's only output may have neither, and goes by the table's output label. */
    static String output(DecisionTable table, OutputClause output) {
        if (output.getLabel() != null && !output.getLabel().isBlank()) {
            return output.getLabel();
        }
        if (output.getName() != null && !output.getName().isBlank()) {
            return output.getName();
        }
        return table.getOutputLabel() != null ? table.getOutputLabel() : "output";
    }

    static String annotation(RuleAnnotationClause annotation) {
        return annotation.getName() == null ? "annotation" : annotation.getName();
    }
}
