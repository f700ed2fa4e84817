package com.policydesk.log;

import java.util.List;

/**
 * The log's tables since issue 19, and the views that show them as text to any SQLite tool.
 *
 * <p>A row ({@code log_decisions}) is about 500 bytes for a five-subscription request, indexes included: the decision
 * id as 16 bytes, the time as milliseconds, the version and the codes as numbers into small tables, and one
 * compressed payload holding the request (as received, with its {@code asOf}) and the recommendations (code,
 * subscription, details: the words and the rest are rebuilt from the stored version when a decision is looked up).
 */
final class LogSchema {
    static final List<String> TABLES = List.of(
            """
            CREATE TABLE log_rulesets (
                id         INTEGER PRIMARY KEY,
                version    TEXT NOT NULL UNIQUE,
                first_seen TEXT NOT NULL,
                last_seq   INTEGER NOT NULL DEFAULT 0
            )""",
            """
            CREATE TABLE log_ruleset_files (
                ruleset INTEGER NOT NULL REFERENCES log_rulesets (id) ON DELETE CASCADE,
                path    TEXT NOT NULL,
                sha256  TEXT NOT NULL,
                content BLOB NOT NULL,
                PRIMARY KEY (ruleset, path)
            )""",
            "CREATE TABLE log_codes (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE)",
            "CREATE TABLE log_dictionaries (id INTEGER PRIMARY KEY, dictionary BLOB NOT NULL, zlib_prefix BLOB NOT NULL)",
            """
            CREATE TABLE log_decisions (
                seq         INTEGER PRIMARY KEY,
                id          BLOB NOT NULL,
                at          INTEGER NOT NULL,
                ruleset     INTEGER NOT NULL,
                customer_id TEXT,
                codes       TEXT NOT NULL,
                dictionary  INTEGER NOT NULL,
                size        INTEGER NOT NULL,
                payload     BLOB NOT NULL,
                duration_us INTEGER NOT NULL
            )""",
            "CREATE UNIQUE INDEX log_decisions_id ON log_decisions (id)",
            "CREATE INDEX log_decisions_at ON log_decisions (at)",
            "CREATE INDEX log_decisions_customer ON log_decisions (customer_id)");

    /** The decision id as text: a UUID's 16 bytes in the 8-4-4-4-12 form, any other id as it is. */
    private static final String DECISION_ID = """
            CASE WHEN typeof(d.id) = 'blob' AND length(d.id) = 16 THEN lower(substr(hex(d.id), 1, 8) || '-' ||
              substr(hex(d.id), 9, 4) || '-' || substr(hex(d.id), 13, 4) || '-' || substr(hex(d.id), 17, 4) || '-' ||
              substr(hex(d.id), 21)) ELSE CAST(d.id AS TEXT) END""";

    /** The codes as the first schema kept them: their names, each once, between spaces. */
    private static final String CODES = """
            coalesce((SELECT ' ' || group_concat(code, ' ') || ' ' FROM (SELECT c.code
              FROM json_each('[' || replace(trim(d.codes), ' ', ',') || ']') j JOIN log_codes c ON c.id = j.value
              ORDER BY j.key)), ' ')""";

    static final List<String> VIEWS = List.of(
            """
            CREATE VIEW decisions AS
            SELECT d.seq,
                   %s AS decision_id,
                   strftime('%%Y-%%m-%%dT%%H:%%M:%%S', d.at / 1000, 'unixepoch') || printf('.%%03dZ', d.at %% 1000) AS at,
                   r.version AS ruleset,
                   d.customer_id,
                   %s AS codes,
                   d.duration_us
            FROM log_decisions d JOIN log_rulesets r ON r.id = d.ruleset""".formatted(DECISION_ID, CODES),
            // The request and the recommendations as JSON text. sqlar_uncompress is the sqlite3 shell's (built in
            // with zlib); the dictionary goes in front of the payload as a stored block (PayloadDictionary).
            """
            CREATE VIEW decisions_json AS
            WITH p AS (
                SELECT d.seq, CAST(substr(sqlar_uncompress(x.zlib_prefix || d.payload, length(x.dictionary) + d.size),
                                          length(x.dictionary) + 1) AS TEXT) AS content
                FROM log_decisions d JOIN log_dictionaries x ON x.id = d.dictionary)
            SELECT v.*,
                   substr(p.content, 1, instr(p.content, char(10)) - 1) AS request,
                   (SELECT json_group_array(json(r)) FROM (
                       SELECT json_object('code', c.code, 'subscriptionId', e.value ->> 1,
                                          'details', json(coalesce(e.value -> 2, '{}'))) AS r
                       FROM json_each(substr(p.content, instr(p.content, char(10)) + 1)) e
                       JOIN log_codes c ON c.id = e.value ->> 0
                       ORDER BY e.key)) AS recommendations
            FROM decisions v JOIN p ON p.seq = v.seq""",
            "CREATE VIEW rulesets AS SELECT version, first_seen FROM log_rulesets",
            """
            CREATE VIEW ruleset_files AS
            SELECT r.version, f.path, f.sha256, f.content
            FROM log_ruleset_files f JOIN log_rulesets r ON r.id = f.ruleset""");

    private LogSchema() {
    }
}
