package com.policydesk.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What differs between two rule sets, for reviewing a candidate before it is published: the files added, removed or
 * changed, and the decision-table rows added, removed or changed (a row is known by its id; it changed when a cell's
 * text or its position changed, since the first matching row answers), each with its old and its new cells.
 *
 * @param from  the version compared against (the active one)
 * @param to    the version under review
 * @param files the files that differ, by path
 * @param rows  the table rows that differ, by model, table and position
 */
public record RuleSetChanges(String from, String to, List<FileChange> files, List<RowChange> rows) {
    public RuleSetChanges {
        files = List.copyOf(files);
        rows = List.copyOf(rows);
    }

    public enum Change { ADDED, REMOVED, CHANGED }

    /** A file that differs: absent on one side (its hash null there), or with other content. */
    public record FileChange(String path, Change change, String oldSha256, String newSha256) {
    }

    /** A table row that differs: the row before (null when added) and after (null when removed). */
    public record RowChange(String id, String model, String table, Change change, DecisionTableRow before,
                            DecisionTableRow after) {
    }

    public static RuleSetChanges between(RuleSet from, RuleSet to) {
        return new RuleSetChanges(from.version(), to.version(), files(from.files(), to.files()),
                rows(from.decisionTableRows(), to.decisionTableRows()));
    }

    private static List<FileChange> files(List<RuleFile> before, List<RuleFile> after) {
        Map<String, String> old = before.stream().collect(Collectors.toMap(RuleFile::path, RuleFile::sha256));
        Map<String, String> now = after.stream().collect(Collectors.toMap(RuleFile::path, RuleFile::sha256));
        List<FileChange> changes = new ArrayList<>();
        for (String path : new TreeSet<>(union(old.keySet(), now.keySet()))) {
            String was = old.get(path);
            String is = now.get(path);
            if (!Objects.equals(was, is)) {
                changes.add(new FileChange(path, change(was, is), was, is));
            }
        }
        return changes;
    }

    private static List<RowChange> rows(List<DecisionTableRow> before, List<DecisionTableRow> after) {
        Map<String, DecisionTableRow> old = byId(before);
        Map<String, DecisionTableRow> now = byId(after);
        List<RowChange> changes = new ArrayList<>();
        for (String id : union(old.keySet(), now.keySet())) {
            DecisionTableRow was = old.get(id);
            DecisionTableRow is = now.get(id);
            if (was == null || is == null || was.index() != is.index() || !was.cells().equals(is.cells())) {
                DecisionTableRow either = is != null ? is : was;
                changes.add(new RowChange(id, either.model(), either.table(), change(was, is), was, is));
            }
        }
        changes.sort(Comparator.comparing(RowChange::model).thenComparing(RowChange::table)
                .thenComparingInt(change -> (change.after() != null ? change.after() : change.before()).index()));
        return changes;
    }

    private static Map<String, DecisionTableRow> byId(List<DecisionTableRow> rows) {
        return rows.stream().collect(Collectors.toMap(DecisionTableRow::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    private static <T> List<T> union(Iterable<T> first, Iterable<T> second) {
        LinkedHashMap<T, Boolean> all = new LinkedHashMap<>();
        first.forEach(item -> all.put(item, true));
        second.forEach(item -> all.put(item, true));
        return List.copyOf(all.keySet());
    }

    private static Change change(Object before, Object after) {
        return before == null ? Change.ADDED : after == null ? Change.REMOVED : Change.CHANGED;
    }
}
