package com.policydesk.log;

import com.policydesk.engine.RuleFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision log's read side: look-up, listing, the latest requests for a replay, and the files of a version.
 * Each call opens its own connection: in WAL mode readers never wait for the writer, nor it for them. Thread-safe.
 */
public final class DecisionLogReader {
    private static final String COLUMNS = "seq, decision_id, at, ruleset, customer_id, request, recommendations, duration_us";

    private final Path file;
    private final Redaction redaction;
    private final DecisionJson json = new DecisionJson();

    /**
     * @param redaction the log's redaction, so that a customer id asked for is hashed as the log hashed it
     */
    public DecisionLogReader(Path file, Redaction redaction) {
        this.file = file;
        this.redaction = redaction;
    }

    public Path file() {
        return file;
    }

    public Optional<StoredDecision> find(String decisionId) throws SQLException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (Connection connection = LogDatabase.connect(file);
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM decisions WHERE decision_id = ?")) {
            select.setString(1, decisionId);
            List<StoredDecision> found = read(select);
            return found.stream().findFirst();
        }
    }

    /** Newest first; a page holds at most the query's limit and says where the next one starts. */
    public DecisionPage list(DecisionQuery query) throws SQLException {
        if (!Files.exists(file)) {
            return new DecisionPage(List.of(), null);
        }
        String customerKey = query.customerId() == null ? null : redaction.customerKey(query.customerId());
        if (query.customerId() != null && customerKey == null) {
            return new DecisionPage(List.of(), null); // the log drops customer ids: none can match
        }
        Where where = new Where()
                .and("customer_id = ?", customerKey)
                .and("codes LIKE ? ESCAPE '\\'", query.code() == null ? null : Codes.pattern(query.code()))
                .and("at >= ?", query.from() == null ? null : LogTime.format(query.from()))
                .and("at < ?", query.to() == null ? null : LogTime.format(query.to()))
                .and("seq < ?", query.before());
        try (Connection connection = LogDatabase.connect(file);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM decisions" + where.sql() + " ORDER BY seq DESC LIMIT ?")) {
            int next = where.bind(select);
            select.setInt(next, query.limit() + 1);
            List<StoredDecision> found = read(select);
            if (found.size() <= query.limit()) {
                return new DecisionPage(found, null);
            }
            List<StoredDecision> page = found.subList(0, query.limit());
            return new DecisionPage(page, page.get(page.size() - 1).sequence());
        }
    }

    /** The requests of the newest {@code limit} decisions, newest first: what a replay decides again. */
    public List<StoredDecision> latest(int limit) throws SQLException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Connection connection = LogDatabase.connect(file);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM decisions ORDER BY seq DESC LIMIT ?")) {
            select.setInt(1, limit);
            return read(select);
        }
    }

    /** The files of a version that made logged decisions; empty when the log never stored it. */
    public List<RuleFile> rulesetFiles(String version) throws SQLException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Connection connection = LogDatabase.connect(file);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT path, content, sha256 FROM ruleset_files WHERE version = ? ORDER BY path")) {
            select.setString(1, version);
            List<RuleFile> files = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    files.add(new RuleFile(result.getString(1), result.getBytes(2), result.getString(3)));
                }
            }
            return files;
        }
    }

    private List<StoredDecision> read(PreparedStatement select) throws SQLException {
        List<StoredDecision> decisions = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                decisions.add(new StoredDecision(result.getLong(1), result.getString(2), LogTime.parse(result.getString(3)),
                        result.getString(4), result.getString(5), result.getString(6),
                        json.readRecommendations(result.getString(7)), result.getLong(8)));
            }
        }
        return decisions;
    }

    /** The conditions a listing asks for: a condition whose value is null is not asked. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final List<Object> values = new ArrayList<>();

        Where and(String condition, Object value) {
            if (value != null) {
                conditions.add(condition);
                values.add(value);
            }
            return this;
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        /** Binds the values in order; returns the index of the next parameter. */
        int bind(PreparedStatement select) throws SQLException {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            return values.size() + 1;
        }
    }
}
