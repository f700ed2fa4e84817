package com.policydesk.engine;

import java.util.List;
import java.util.Objects;

/**
 * One row of a DMN decision table, as listed for the rule-set summary, for coverage and for reviewing a change.
 *
 * @param id         {@code Model/Table#ruleId}: stable as long as the row's id in the .dmn file is
 * @param model      the DMN model's name
 * @param table      the decision (table) name
 * @param index      1-based position of the row in its table
 * @param annotation the row's first annotation, or empty
 * @param cells      the row's cells: inputs, outputs, then annotations, each with its column's name
 */
public record DecisionTableRow(String id, String model, String table, int index, String annotation, List<Cell> cells) {
    public DecisionTableRow {
        Objects.requireNonNull(id, "id");
        cells = List.copyOf(cells);
    }

    /** A cell: its column's name (as the table's header shows it) and its text (FEEL, or an annotation's words). */
    public record Cell(String column, String text) {
    }
}
