package com.policydesk.log;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a file of the first schema (one row of JSON text per decision) to {@link LogSchema}'s tables, inside the
 * migration's transaction, and drops the old tables: every decision keeps its sequence number (a listing's cursor
 * stays valid), its id, time, version, customer, request and recommendations. The old request is the request as
 * validated, with its {@code asOf}: it is kept as it is.
 */
final class LegacyRows {
    private static final int BATCH = 1_000;

    private LegacyRows() {
    }

    static void convert(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO log_rulesets (version, first_seen) SELECT version, first_seen FROM rulesets");
            statement.execute("INSERT INTO log_ruleset_files (ruleset, path, sha256, content)"
                    + " SELECT r.id, f.path, f.sha256, f.content FROM ruleset_files f JOIN log_rulesets r ON r.version = f.version");
            convertDecisions(connection);
            statement.execute("UPDATE log_rulesets SET last_seq ="
                    + " coalesce((SELECT max(seq) FROM log_decisions WHERE ruleset = log_rulesets.id), 0)");
            statement.execute("DROP TABLE ruleset_files");
            statement.execute("DROP TABLE rulesets");
            statement.execute("DROP TABLE decisions");
        }
    }

    private static void convertDecisions(Connection connection) throws SQLException {
        Vocabulary vocabulary = new Vocabulary(connection);
        RowEncoder encoder = new RowEncoder(vocabulary, PayloadDictionary.current(), Redaction.NONE, Clock.systemUTC());
        Map<String, Integer> rulesets = rulesetIds(connection);
        try (Statement select = connection.createStatement();
             ResultSet old = select.executeQuery("SELECT seq, decision_id, at, ruleset, customer_id, request,"
                     + " recommendations, duration_us FROM decisions ORDER BY seq");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO log_decisions (seq, " + Row.COLUMNS + ") VALUES (?, " + Row.PLACEHOLDERS + ")")) {
            int pending = 0;
            while (old.next()) {
                String version = old.getString(4);
                Integer ruleset = rulesets.get(version);
                if (ruleset == null) {
                    // a version the first schema lost track of: kept by name, without files
                    ruleset = vocabulary.ruleset(version, List.of(), LogTime.parse(old.getString(3)));
                    rulesets.put(version, ruleset);
                }
                Row row = encoder.row(StoredIds.column(old.getString(2)), LogTime.parse(old.getString(3)).toEpochMilli(),
                        ruleset, old.getString(5), old.getString(6).getBytes(StandardCharsets.UTF_8),
                        DecisionJson.readRecommendations(old.getString(7)), RowEncoder.RecommendationParts.OF_STORED,
                        old.getLong(8), 0);
                insert.setLong(1, old.getLong(1));
                row.bind(insert, 2);
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        }
    }

    private static Map<String, Integer> rulesetIds(Connection connection) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT version, id FROM log_rulesets")) {
            while (result.next()) {
                ids.put(result.getString(1), result.getInt(2));
            }
        }
        return ids;
    }
}
