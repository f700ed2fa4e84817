package com.policydesk.log;

import com.policydesk.model.Recommendation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static com.policydesk.log.LogFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A file the first schema wrote (one row of JSON text per decision) opens, converted: every decision is still there. */
class LegacyRowsTest {
    private static final String VERSION = "pack@000000000001";

    @TempDir
    Path folder;

    @Test
    void aFileOfTheFirstSchemaIsConvertedAndEveryDecisionFoundAsBefore() throws Exception {
        Path file = folder.resolve("decisions.db");
        writeFirstSchema(file);

        try (DecisionLog log = DecisionLog.open(DecisionLogSettings.defaults(file), Clock.fixed(NOW, ZoneOffset.UTC))) {
            log.offer(LogFixtures.decision("d-new", "C-1", "NEW_CODE", NOW.plusSeconds(1)));
        }
        DecisionLogReader reader = new DecisionLogReader(file, Redaction.NONE);
        StoredDecision old = reader.find("4c769ad3-5179-4af3-9bff-3cf531ef694d").orElseThrow();

        assertThat(old.sequence()).isEqualTo(7);
        assertThat(old.at()).isEqualTo(NOW);
        assertThat(old.ruleset()).isEqualTo(VERSION);
        assertThat(old.customerId()).isEqualTo("C-1");
        assertThat(old.durationMicros()).isEqualTo(412);
        assertThat(old.request()).isEqualTo(new String(DecisionJson.request(LogFixtures.request("C-1")), StandardCharsets.UTF_8));
        assertThat(old.recommendations()).extracting(StoredRecommendation::code, StoredRecommendation::subscriptionId)
                .containsExactly(tuple("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL", "S-1"),
                        tuple("DIRECT_PARTNER_MANAGES_RELATIONSHIP", null));
        assertThat(old.recommendations().get(0).details()).containsEntry("daysUntilEnd", 128);
        assertThat(reader.find("legacy-text-id")).isPresent();
        assertThat(ids(reader.list(new DecisionQuery("C-1", "LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL", null, null, 10, null))))
                .containsExactly("4c769ad3-5179-4af3-9bff-3cf531ef694d");
        assertThat(ids(reader.list(new DecisionQuery(null, null, null, null, 10, null))))
                .containsExactly("d-new", "legacy-text-id", "4c769ad3-5179-4af3-9bff-3cf531ef694d");
        assertThat(reader.rulesetFiles(VERSION)).singleElement().satisfies(ruleFile -> assertThat(ruleFile.text()).isEqualTo("rule text"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            assertThat(pragma(statement, "auto_vacuum")).as("incremental vacuum, turned on by the rewrite").isEqualTo(2);
            assertThat(pragma(statement, "user_version")).isEqualTo(2);
            try (ResultSet views = statement.executeQuery("SELECT group_concat(name || ':' || type, ' ') FROM"
                    + " (SELECT name, type FROM sqlite_schema WHERE name IN ('decisions', 'rulesets', 'ruleset_files') ORDER BY name)")) {
                assertThat(views.getString(1)).isEqualTo("decisions:view ruleset_files:view rulesets:view");
            }
        }
    }

    /** The first schema, and two decisions as its writer wrote them. */
    private static void writeFirstSchema(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = 16384");
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("""
                    CREATE TABLE decisions (seq INTEGER PRIMARY KEY, decision_id TEXT NOT NULL UNIQUE, at TEXT NOT NULL,
                        ruleset TEXT NOT NULL, customer_id TEXT, codes TEXT NOT NULL, request TEXT NOT NULL,
                        recommendations TEXT NOT NULL, duration_us INTEGER NOT NULL)""");
            statement.execute("CREATE INDEX decisions_at ON decisions (at)");
            statement.execute("CREATE INDEX decisions_customer ON decisions (customer_id, seq)");
            statement.execute("CREATE TABLE rulesets (version TEXT PRIMARY KEY, first_seen TEXT NOT NULL)");
            statement.execute("""
                    CREATE TABLE ruleset_files (version TEXT NOT NULL REFERENCES rulesets (version) ON DELETE CASCADE,
                        path TEXT NOT NULL, sha256 TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (version, path))""");
            statement.execute("PRAGMA user_version = 1");
            statement.execute("INSERT INTO rulesets VALUES ('" + VERSION + "', '2026-11-27T09:00:00.000Z')");
            try (PreparedStatement files = connection.prepareStatement("INSERT INTO ruleset_files VALUES (?, ?, ?, ?)")) {
                files.setString(1, VERSION);
                files.setString(2, "pack/a.drl");
                files.setString(3, "abc123");
                files.setBytes(4, "rule text".getBytes(StandardCharsets.UTF_8));
                files.executeUpdate();
            }
            insertOld(connection, 7, "4c769ad3-5179-4af3-9bff-3cf531ef694d", "C-1",
                    LogFixtures.recommendations("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL"));
            insertOld(connection, 8, "legacy-text-id", "C-2", LogFixtures.recommendations("OTHER_CODE"));
        }
    }

    private static void insertOld(Connection connection, long seq, String id, String customer, List<Recommendation> recommendations)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setString(2, id);
            insert.setString(3, LogTime.format(NOW));
            insert.setString(4, VERSION);
            insert.setString(5, customer);
            insert.setString(6, " " + String.join(" ", recommendations.stream().map(Recommendation::code).distinct().toList()) + " ");
            insert.setString(7, new String(DecisionJson.request(LogFixtures.request(customer)), StandardCharsets.UTF_8));
            insert.setString(8, new String(DecisionJson.recommendations(recommendations), StandardCharsets.UTF_8));
            insert.setLong(9, 412);
            insert.executeUpdate();
        }
    }

    private static List<String> ids(DecisionPage page) {
        return page.decisions().stream().map(StoredDecision::decisionId).toList();
    }

    private static long pragma(Statement statement, String name) throws Exception {
        try (ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            return result.getLong(1);
        }
    }
}
