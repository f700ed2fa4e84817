package com.policydesk.engine;

import com.policydesk.error.RuleSetProblem;
import com.policydesk.error.RuleSetProblem.FeelExpression;
import org.kie.dmn.api.core.DMNMessage;
import org.kie.dmn.api.feel.runtime.events.FEELEvent;
import org.kie.dmn.backend.marshalling.v1x.DMNMarshallerFactory;
import org.kie.dmn.feel.FEEL;
import org.kie.dmn.feel.lang.impl.FEELBuilder;
import org.kie.dmn.feel.runtime.events.SyntaxErrorEvent;
import org.kie.dmn.model.api.DMNModelInstrumentedBase;
import org.kie.dmn.model.api.Decision;
import org.kie.dmn.model.api.DecisionRule;
import org.kie.dmn.model.api.DecisionTable;
import org.kie.dmn.model.api.Definitions;
import org.kie.dmn.model.api.LiteralExpression;
import org.kie.dmn.model.api.UnaryTests;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FEEL syntax errors of DMN models where the policy team finds them: the decision, and for a decision table's cell
 * its row, its column and its text, at the cell's line. The DMN compiler reports some such errors against the whole
 * row at line 0 ("Error compiling FEEL expression … rule #3"), and for others builds no model at all ("Unable to
 * compile DMN model for the resource"); both are located here by parsing the cells' text again.
 */
final class DmnFeelProblems {
    private final FEEL feel = FEELBuilder.builder().build();
    private final List<FEELEvent> syntaxErrors = new ArrayList<>();

    private DmnFeelProblems() {
        feel.addListener(event -> {
            if (event instanceof SyntaxErrorEvent) {
                syntaxErrors.add(event);
            }
        });
    }

    /** A compile error message of a model, at the cell it is about when it is a FEEL syntax error in a table. */
    static RuleSetProblem of(String file, DMNMessage message) {
        if (!(message.getSourceReference() instanceof DMNModelInstrumentedBase source)) {
            return new RuleSetProblem(file, DmnProblems.lineOf(message), message.getText());
        }
        Optional<String> decision = decisionOf(source);
        if (message.getFeelEvent() == null || decision.isEmpty()) {
            return new RuleSetProblem(file, lineOf(source), message.getText());
        }
        if (source instanceof DecisionRule rule && rule.getParent() instanceof DecisionTable table) {
            DmnFeelProblems syntax = new DmnFeelProblems();
            return syntax.cells(table, rule).stream()
                    .map(cell -> syntax.problem(file, decision.get(), cell))
                    .flatMap(Optional::stream).findFirst()
                    .orElseGet(() -> new RuleSetProblem(file, lineOf(rule), message.getText(),
                            new FeelExpression(decision.get(), table.getRule().indexOf(rule) + 1, null, null)));
        }
        String text = source instanceof LiteralExpression literal ? literal.getText() : null;
        return new RuleSetProblem(file, lineOf(source), message.getText(), new FeelExpression(decision.get(), null, null, text));
    }

    /**
     * Every table cell and literal expression of the file's model whose text is not valid FEEL; empty when there is
     * none, or when the file is not a DMN model that can be read at all.
     */
    static List<RuleSetProblem> scan(RuleFile file) {
        Definitions definitions;
        try {
            definitions = DMNMarshallerFactory.newDefaultMarshaller().unmarshal(file.text());
        } catch (RuntimeException unreadable) {
            return List.of();
        }
        if (definitions == null) {
            return List.of();
        }
        DmnFeelProblems syntax = new DmnFeelProblems();
        List<RuleSetProblem> problems = new ArrayList<>();
        for (DecisionTable table : definitions.findAllChildren(DecisionTable.class)) {
            Optional<String> decision = decisionOf(table);
            for (DecisionRule rule : table.getRule()) {
                for (Cell cell : syntax.cells(table, rule)) {
                    syntax.problem(file.path(), decision.orElse("?"), cell).ifPresent(problems::add);
                }
            }
        }
        for (LiteralExpression literal : definitions.findAllChildren(LiteralExpression.class)) {
            if (literal.getParent() instanceof DecisionRule) {
                continue; // a table's output cell: checked above, with its row and column
            }
            Optional<String> decision = decisionOf(literal);
            Optional<String> error = syntax.errorIn(literal.getText(), false);
            if (decision.isPresent() && error.isPresent()) {
                problems.add(new RuleSetProblem(file.path(), lineOf(literal), "FEEL syntax error in decision '"
                        + decision.get() + "': " + literal.getText() + " (" + error.get() + ")",
                        new FeelExpression(decision.get(), null, null, literal.getText())));
            }
        }
        return problems;
    }

    /** The row's cells, left to right: its input entries (unary tests), then its output entries. */
    private List<Cell> cells(DecisionTable table, DecisionRule rule) {
        int row = table.getRule().indexOf(rule) + 1;
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < rule.getInputEntry().size() && i < table.getInput().size(); i++) {
            UnaryTests entry = rule.getInputEntry().get(i);
            cells.add(new Cell(row, TableColumns.input(table.getInput().get(i)), entry, entry.getText(), true));
        }
        for (int i = 0; i < rule.getOutputEntry().size() && i < table.getOutput().size(); i++) {
            LiteralExpression entry = rule.getOutputEntry().get(i);
            cells.add(new Cell(row, TableColumns.output(table, table.getOutput().get(i)), entry, entry.getText(), false));
        }
        return cells;
    }

    private Optional<RuleSetProblem> problem(String file, String decision, Cell cell) {
        return errorIn(cell.text(), cell.unaryTests()).map(error -> new RuleSetProblem(file, lineOf(cell.element()),
                "FEEL syntax error in decision '" + decision + "', row " + cell.row() + ", column '" + cell.column()
                        + "': " + cell.text() + " (" + error + ")",
                new FeelExpression(decision, cell.row(), cell.column(), cell.text())));
    }

    /** The first syntax error of the text as unary tests (an input entry) or as an expression, if any. */
    private Optional<String> errorIn(String text, boolean unaryTests) {
        syntaxErrors.clear();
        String source = text == null ? "" : text;
        try {
            if (unaryTests) {
                feel.processUnaryTests(source, feel.newCompilerContext());
            } else {
                feel.processExpression(source, feel.newCompilerContext());
            }
        } catch (RuntimeException unparsable) {
            return Optional.of(String.valueOf(unparsable.getMessage()));
        }
        return syntaxErrors.isEmpty() ? Optional.empty() : Optional.of(syntaxErrors.get(0).getMessage());
    }

    private static Optional<String> decisionOf(DMNModelInstrumentedBase element) {
        for (DMNModelInstrumentedBase at = element; at != null; at = at.getParent()) {
            if (at instanceof Decision decision) {
                return Optional.ofNullable(decision.getName());
            }
        }
        return Optional.empty();
    }

    private static int lineOf(DMNModelInstrumentedBase element) {
        return element.getLocation() == null ? 0 : Math.max(element.getLocation().getLineNumber(), 0);
    }

    /** A cell of a table: its row (from 1), its column's name, its element and text; unary tests (an input) or an expression. */
    private record Cell(int row, String column, DMNModelInstrumentedBase element, String text, boolean unaryTests) {
    }
}
