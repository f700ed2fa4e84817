package com.policydesk.log;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * The SQLite file: created owner-only (SQLite gives its -wal and -shm files the same mode), its schema created
 * and migrated by the service itself ({@code PRAGMA user_version} counts the migrations applied), opened in WAL
 * mode with {@code synchronous=NORMAL}: a commit survives the process being killed, and readers never block the
 * writer.
 */
final class LogDatabase {
    /** Each entry is one migration, applied in order, once; never edit one that has shipped, add another. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE decisions (
                seq             INTEGER PRIMARY KEY,
                decision_id     TEXT NOT NULL UNIQUE,
                at              TEXT NOT NULL,
                ruleset         TEXT NOT NULL,
                customer_id     TEXT,
                codes           TEXT NOT NULL,
                request         TEXT NOT NULL,
                recommendations TEXT NOT NULL,
                duration_us     INTEGER NOT NULL
            )""",
            "CREATE INDEX decisions_at ON decisions (at)",
            "CREATE INDEX decisions_customer ON decisions (customer_id, seq)",
            "CREATE TABLE rulesets (version TEXT PRIMARY KEY, first_seen TEXT NOT NULL)",
            """
            CREATE TABLE ruleset_files (
                version TEXT NOT NULL REFERENCES rulesets (version) ON DELETE CASCADE,
                path    TEXT NOT NULL,
                sha256  TEXT NOT NULL,
                content BLOB NOT NULL,
                PRIMARY KEY (version, path)
            )"""));
    private static final long WAL_CHECKPOINT_BYTES = 32L << 20;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private LogDatabase() {
    }

    /** Opens the file, creating it and its folder (owner-only) when missing and migrating its schema. */
    static Connection open(Path file) throws SQLException {
        createOwnerOnly(file.toAbsolutePath());
        Connection connection = connect(file);
        try (Statement statement = connection.createStatement()) {
            // 16 KiB pages, set before the file's first table (an existing file keeps its own): a decision's row is
            // about 1.7 KiB, and with 4 KiB pages the writer split a page every other row; measured on 100,000
            // inserts in batches of 500, 8 µs of CPU a row instead of 13 (bench/README.md, "Decision log").
            statement.execute("PRAGMA page_size = 16384");
            statement.execute("PRAGMA journal_mode = WAL");
            // The writer's connection: the indexes' pages stay in memory (64 MiB at most), and the WAL is copied
            // back into the file every ~32 MiB rather than every 4 MiB (each copy ends with an fsync). The
            // checkpoint counts pages, and an older file may have smaller ones.
            statement.execute("PRAGMA cache_size = -65536");
            statement.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_BYTES / pageSize(statement));
            migrate(connection, statement);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * A connection to an existing file, for reading or writing. Made by the driver itself, not through
     * {@code DriverManager}, which finds only drivers of the caller's class loader (a restarted application has
     * a new one).
     */
    static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private static long pageSize(Statement statement) throws SQLException {
        try (var result = statement.executeQuery("PRAGMA page_size")) {
            return result.getLong(1);
        }
    }

    private static void migrate(Connection connection, Statement statement) throws SQLException {
        int applied;
        try (var result = statement.executeQuery("PRAGMA user_version")) {
            applied = result.getInt(1);
        }
        if (applied > MIGRATIONS.size()) {
            throw new SQLException("the decision log was written by a newer PolicyDesk (schema " + applied
                    + ", this one knows " + MIGRATIONS.size() + ")");
        }
        for (int next = applied; next < MIGRATIONS.size(); next++) {
            connection.setAutoCommit(false);
            for (String sql : MIGRATIONS.get(next)) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = " + (next + 1));
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    private static void createOwnerOnly(Path file) {
        try {
            Path folder = file.getParent();
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, ownerOnly(folder, OWNER_ONLY_FOLDER));
            }
            Files.createFile(file, ownerOnly(file, OWNER_ONLY_FILE));
        } catch (FileAlreadyExistsException exists) {
            // kept as it is: the owner may have chosen other permissions
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the decision log " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path path, Set<PosixFilePermission> permissions) {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
