package com.policydesk.log;

import com.policydesk.engine.RuleFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision log's read side: look-up, listing, the latest requests for a replay, and the files of a version.
 * Each call opens its own connection: in WAL mode readers never wait for the writer, nor it for them. Thread-safe.
 */
public final class DecisionLogReader {
    private static final String SELECT = "SELECT d.seq, d.id, d.at, r.version, d.customer_id, d.dictionary, d.size,"
            + " d.payload, d.duration_us FROM log_decisions d JOIN log_rulesets r ON r.id = d.ruleset";

    private final Path file;
    private final Redaction redaction;

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
             PreparedStatement select = connection.prepareStatement(SELECT + " WHERE d.id = ?")) {
            select.setObject(1, StoredIds.column(decisionId));
            return read(connection, select).stream().findFirst();
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
        try (Connection connection = LogDatabase.connect(file)) {
            Integer code = query.code() == null ? null : codeId(connection, query.code());
            if (query.code() != null && code == null) {
                return new DecisionPage(List.of(), null); // no decision ever had this code
            }
            Where where = new Where()
                    .and("d.customer_id = ?", customerKey)
                    .and("d.codes LIKE ?", code == null ? null : "% " + code + " %")
                    .and("d.at >= ?", millis(query.from()))
                    .and("d.at < ?", millis(query.to()))
                    .and("d.seq < ?", query.before());
            try (PreparedStatement select = connection.prepareStatement(
                    SELECT + where.sql() + " ORDER BY d.seq DESC LIMIT ?")) {
                int next = where.bind(select);
                select.setInt(next, query.limit() + 1);
                List<StoredDecision> found = read(connection, select);
                if (found.size() <= query.limit()) {
                    return new DecisionPage(found, null);
                }
                List<StoredDecision> page = found.subList(0, query.limit());
                return new DecisionPage(page, page.get(page.size() - 1).sequence());
            }
        }
    }

    /** The requests of the newest {@code limit} decisions, newest first: what a replay decides again. */
    public List<StoredDecision> latest(int limit) throws SQLException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Connection connection = LogDatabase.connect(file);
             PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY d.seq DESC LIMIT ?")) {
            select.setInt(1, limit);
            return read(connection, select);
        }
    }

    /** How many decisions were logged at or after {@code since}: what a replay of them has to go through. */
    public long count(Instant since) throws SQLException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Connection connection = LogDatabase.connect(file);
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM log_decisions WHERE at >= ?")) {
            select.setLong(1, since.toEpochMilli());
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getLong(1) : 0;
            }
        }
    }

    /**
     * Every decision logged at or after {@code since}, oldest first, a page at a time: each page is its own query (a
     * short read transaction, which never holds the writer's checkpoints back), after the last row of the one before.
     * The cursor is for one thread; close it.
     */
    public ReplayCursor replay(Instant since, int pageSize) throws SQLException {
        return new ReplayCursor(Files.exists(file) ? LogDatabase.connect(file) : null, since.toEpochMilli(), pageSize);
    }

    /** The pages of a replay; {@link #next()} is empty after the last. */
    public static final class ReplayCursor implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement select;
        private final long since;
        private final int pageSize;
        private long after = 0;
        private PayloadReader payloads;

        private ReplayCursor(Connection connection, long since, int pageSize) throws SQLException {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
            }
            this.connection = connection;
            this.since = since;
            this.pageSize = pageSize;
            this.select = connection == null ? null : connection.prepareStatement("SELECT seq, id, dictionary, size, payload"
                    + " FROM log_decisions WHERE seq > ? AND at >= ? ORDER BY seq LIMIT ?");
        }

        public List<ReplayRow> next() throws SQLException {
            if (connection == null) {
                return List.of();
            }
            select.setLong(1, after);
            select.setLong(2, since);
            select.setInt(3, pageSize);
            List<ReplayRow> page = new ArrayList<>(pageSize);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    page.add(new ReplayRow(result.getLong(1), result.getObject(2), dictionary(result.getInt(3)),
                            result.getInt(4), result.getBytes(5)));
                }
            }
            if (!page.isEmpty()) {
                after = page.get(page.size() - 1).sequence();
            }
            return page;
        }

        /** The file's dictionaries, read again when a row names one that came after the replay started. */
        private PayloadDictionary dictionary(int id) throws SQLException {
            if (payloads == null || !payloads.hasDictionary(id)) {
                if (payloads != null) {
                    payloads.close();
                }
                payloads = new PayloadReader(connection);
            }
            return payloads.dictionary(id);
        }

        @Override
        public void close() throws SQLException {
            if (payloads != null) {
                payloads.close();
            }
            if (connection != null) {
                select.close();
                connection.close();
            }
        }
    }

    /** The files of a version that made logged decisions; empty when the log never stored it. */
    public List<RuleFile> rulesetFiles(String version) throws SQLException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Connection connection = LogDatabase.connect(file);
             PreparedStatement select = connection.prepareStatement("SELECT f.path, f.content, f.sha256"
                     + " FROM log_ruleset_files f JOIN log_rulesets r ON r.id = f.ruleset WHERE r.version = ? ORDER BY f.path")) {
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

    private static List<StoredDecision> read(Connection connection, PreparedStatement select) throws SQLException {
        List<StoredDecision> decisions = new ArrayList<>();
        try (PayloadReader payloads = new PayloadReader(connection);
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                PayloadReader.Payload payload = payloads.read(result.getInt(6), result.getBytes(8), result.getInt(7));
                decisions.add(new StoredDecision(result.getLong(1), StoredIds.text(result.getObject(2)),
                        Instant.ofEpochMilli(result.getLong(3)), result.getString(4), result.getString(5), payload.request(),
                        payload.recommendations(), result.getLong(9)));
            }
        }
        return decisions;
    }

    private static Integer codeId(Connection connection, String code) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM log_codes WHERE code = ?")) {
            select.setString(1, code);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getInt(1) : null;
            }
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
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
