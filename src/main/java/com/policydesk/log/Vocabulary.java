package com.policydesk.log;

import com.policydesk.engine.RuleFile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small tables a row refers to by number, on the writer's connection: recommendation codes, rule-set versions
 * (stored with their files on first use) and payload dictionaries. Each is written when first met, in the writer's
 * open transaction if there is one (so that it is committed with the first row that refers to it); when that
 * transaction is rolled back, {@link #forgetUncommitted()} drops the ids it cached, which the file no longer holds.
 * Not thread-safe: the writer's.
 */
final class Vocabulary {
    private final Connection connection;
    private final Map<String, Integer> codes = new HashMap<>();
    private final Map<String, Integer> rulesets = new HashMap<>();

    Vocabulary(Connection connection) throws SQLException {
        this.connection = connection;
        readCodes();
    }

    private void readCodes() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, code FROM log_codes")) {
            while (result.next()) {
                codes.put(result.getString(2), result.getInt(1));
            }
        }
    }

    int code(String code) throws SQLException {
        Integer known = codes.get(code);
        if (known != null) {
            return known;
        }
        int id = insert("INSERT INTO log_codes (code) VALUES (?)", code);
        codes.put(code, id);
        return id;
    }

    /** The version's id; on its first use, the version and its files are stored. */
    int ruleset(String version, List<RuleFile> files, Instant now) throws SQLException {
        Integer known = rulesets.get(version);
        if (known != null) {
            return known;
        }
        int id = storeRuleset(version, files, now);
        rulesets.put(version, id);
        return id;
    }

    /** Retention deleted versions: look them up again on their next use (and store them again if need be). */
    void forgetRulesets() {
        rulesets.clear();
    }

    /**
     * The writer's transaction was rolled back: what this cached since it began may be gone from the file. Versions
     * are looked up again on their next use; the codes are read again now.
     */
    void forgetUncommitted() {
        rulesets.clear();
        codes.clear();
        try {
            readCodes();
        } catch (SQLException e) {
            // What was read is in the file; a code not read is inserted when next met, and if the file holds it
            // already that insert fails (the column is unique): that decision's row fails, not the ones after it.
        }
    }

    /** The dictionary's id, stored when the file does not hold it yet. */
    int dictionary(PayloadDictionary dictionary) throws SQLException {
        byte[] bytes = dictionary.bytes();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, dictionary FROM log_dictionaries")) {
            while (result.next()) {
                if (Arrays.equals(result.getBytes(2), bytes)) {
                    return result.getInt(1);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO log_dictionaries (dictionary, zlib_prefix) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setBytes(1, bytes);
            insert.setBytes(2, dictionary.zlibPrefix());
            insert.executeUpdate();
            return generatedId(insert);
        }
    }

    private int storeRuleset(String version, List<RuleFile> files, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM log_rulesets WHERE version = ?")) {
            select.setString(1, version);
            try (ResultSet result = select.executeQuery()) {
                if (result.next()) {
                    return result.getInt(1);
                }
            }
        }
        // Its own transaction, or a savepoint in the caller's (the writer's window, a migration): a version is
        // stored with all its files or not at all.
        boolean ownTransaction = connection.getAutoCommit();
        Savepoint savepoint = null;
        if (ownTransaction) {
            connection.setAutoCommit(false);
        } else {
            savepoint = connection.setSavepoint();
        }
        try {
            int id = insertRuleset(version, files, now);
            if (ownTransaction) {
                connection.commit();
            } else {
                connection.releaseSavepoint(savepoint);
            }
            return id;
        } catch (SQLException | RuntimeException e) {
            if (ownTransaction) {
                connection.rollback();
            } else {
                connection.rollback(savepoint);
            }
            throw e;
        } finally {
            if (ownTransaction) {
                connection.setAutoCommit(true);
            }
        }
    }

    private int insertRuleset(String version, List<RuleFile> files, Instant now) throws SQLException {
        try (PreparedStatement ruleset = connection.prepareStatement(
                "INSERT INTO log_rulesets (version, first_seen) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS);
             PreparedStatement file = connection.prepareStatement(
                     "INSERT INTO log_ruleset_files (ruleset, path, sha256, content) VALUES (?, ?, ?, ?)")) {
            ruleset.setString(1, version);
            ruleset.setString(2, LogTime.format(now));
            ruleset.executeUpdate();
            int id = generatedId(ruleset);
            for (RuleFile ruleFile : files) {
                file.setInt(1, id);
                file.setString(2, ruleFile.path());
                file.setString(3, ruleFile.sha256());
                file.setBytes(4, ruleFile.content());
                file.addBatch();
            }
            file.executeBatch();
            return id;
        }
    }

    private int insert(String sql, String value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, value);
            insert.executeUpdate();
            return generatedId(insert);
        }
    }

    private static int generatedId(Statement statement) throws SQLException {
        try (ResultSet keys = statement.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no id was generated");
            }
            return keys.getInt(1);
        }
    }
}
