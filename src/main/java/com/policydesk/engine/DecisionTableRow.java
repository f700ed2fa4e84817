package com.policydesk.engine;

/**
 * One row of a DMN decision table, as listed for the rule-set summary and for coverage.
 *
 * @param id         {@code Model/Table#ruleId}: stable as long as the row's id in the .dmn file is
 * @param model      the DMN model's name
 * @param table      the decision (table) name
 * @param index      1-based position of the row in its table
 * @param annotation the row's first annotation, or empty
 */
public record DecisionTableRow(String id, String model, String table, int index, String annotation) {
}
