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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * The SQLite file: created owner-only (SQLite gives its -wal and -shm files the same mode), its schema created
 * and migrated by the service itself ({@code PRAGMA user_version} counts the migrations applied), opened in WAL
 * mode with {@code synchronous=NORMAL}: a commit survives the process being killed, and readers never block the
 * writer. A new file has 16 KiB pages and {@code auto_vacuum=INCREMENTAL}, so that retention can give pages back.
 */
final class LogDatabase {
    /** Each entry is one migration, applied in order, once; never edit one that has shipped, add another. */
    private static final List<Migration> MIGRATIONS = List.of(Migration.sql(
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
            )"""),
            // Issue 19: rows of about 500 bytes instead of 1.9 KB (LogSchema), the old rows converted.
            Migration.sql(LogSchema.TABLES).then(LegacyRows::convert).then(Migration.sql(LogSchema.VIEWS)));
    private static final long MAX_WAL_BYTES = 32L << 20;
    private static final int WRITER_CACHE_KIB = 8 * 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private LogDatabase() {
    }

    /**
     * Opens the file, creating it and its folder (owner-only) when missing and migrating its schema.
     *
     * @param maxSizeBytes the file's bound: its write-ahead log is kept to a 32nd of it (32 MiB at most)
     */
    static Connection open(Path file, long maxSizeBytes) throws SQLException {
        createOwnerOnly(file.toAbsolutePath());
        Connection connection = connect(file);
        try (Statement statement = connection.createStatement()) {
            boolean fresh = userVersion(statement) == 0 && !hasTables(statement);
            if (fresh) {
                // Both only take effect before the file's first table (an existing file keeps its own). 16 KiB
                // pages: fewer page splits per row; incremental vacuum: retention can give pages back to the disk.
                statement.execute("PRAGMA page_size = 16384");
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
            }
            statement.execute("PRAGMA journal_mode = WAL");
            // The writer's page cache (8 MiB): its ids are time-ordered and its look-ups go through other
            // connections, so it writes at the right-hand edge of each B-tree and reads back little but their
            // upper levels; a larger cache only held pages already written, in the service's resident memory.
            // The WAL is copied back into the file (a checkpoint, ending with an fsync) once it holds a 32nd of the
            // file's bound, and cut back to that size after, so that the file and its WAL stay within the bound. The
            // Checkpointer's thread copies most of it back before that, so this checkpoint has little left to do.
            long walBytes = Math.max(1L << 20, Math.min(MAX_WAL_BYTES, maxSizeBytes / 32));
            statement.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
            statement.execute("PRAGMA wal_autocheckpoint = " + Math.max(1, walBytes / pageSize(statement)));
            statement.execute("PRAGMA journal_size_limit = " + walBytes);
            int applied = migrate(connection, statement);
            if (applied == 1) {
                compact(statement);
            }
        } catch (SQLException | RuntimeException e) {
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

    /** Applies the migrations this file lacks; returns how many it had. */
    private static int migrate(Connection connection, Statement statement) throws SQLException {
        int applied = userVersion(statement);
        if (applied > MIGRATIONS.size()) {
            throw new SQLException("the decision log was written by a newer PolicyDesk (schema " + applied
                    + ", this one knows " + MIGRATIONS.size() + ")");
        }
        for (int next = applied; next < MIGRATIONS.size(); next++) {
            connection.setAutoCommit(false);
            try {
                MIGRATIONS.get(next).apply(connection);
                statement.execute("PRAGMA user_version = " + (next + 1));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        return applied;
    }

    /**
     * A file converted from the first schema: its old rows' pages are free now. Rewriting it gives them back to
     * the disk and turns on incremental vacuum, which only a rewrite can do for an existing file.
     */
    private static void compact(Statement statement) throws SQLException {
        statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
        statement.execute("VACUUM");
    }

    private static int userVersion(Statement statement) throws SQLException {
        try (var result = statement.executeQuery("PRAGMA user_version")) {
            return result.getInt(1);
        }
    }

    private static boolean hasTables(Statement statement) throws SQLException {
        try (var result = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
            return result.getInt(1) > 0;
        }
    }

    /** One step of the schema: SQL statements, or Java where SQL cannot do it (converting rows). */
    @FunctionalInterface
    interface Migration {
        void apply(Connection connection) throws SQLException;

        static Migration sql(String... statements) {
            return connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements) {
                        statement.execute(sql);
                    }
                }
            };
        }

        static Migration sql(List<String> statements) {
            return sql(statements.toArray(String[]::new));
        }

        default Migration then(Migration next) {
            return connection -> {
                apply(connection);
                next.apply(connection);
            };
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
