package com.policydesk.log;

import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static com.policydesk.log.LogFixtures.FILES;
import static com.policydesk.log.LogFixtures.NOW;
import static com.policydesk.log.LogFixtures.decision;
import static com.policydesk.log.LogFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** The decision log on a real SQLite file in a temporary folder. */
class DecisionLogTest {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path folder;

    @Test
    void aDecisionIsFoundAfterTheLogIsClosedAndOpenedAgain() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            assertThat(log.offer(decision("d-1"))).isEqualTo(Admission.QUEUED);
        }
        try (DecisionLog reopened = DecisionLog.open(settings, CLOCK)) {
            StoredDecision found = new DecisionLogReader(settings.file(), Redaction.NONE).find("d-1").orElseThrow();

            assertThat(found.at()).isEqualTo(NOW);
            assertThat(found.ruleset()).isEqualTo("pack@000000000001");
            assertThat(found.customerId()).isEqualTo("C-1");
            assertThat(found.durationMicros()).isEqualTo(250);
            assertThat(found.codes()).containsExactly("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL", "DIRECT_PARTNER_MANAGES_RELATIONSHIP");
            assertThat(found.recommendations().get(0).details()).containsEntry("daysUntilEnd", 128);
            assertThat(found.request()).doesNotContain("null").doesNotContain("A message naming the customer");
        }
    }

    @Test
    void theStoredRequestReadsBackAsTheSameValidatedRequest() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
        }
        String stored = new DecisionLogReader(settings.file(), Redaction.NONE).find("d-1").orElseThrow().request();

        DecisionRequest readBack = new RequestReader().read(stored.getBytes(StandardCharsets.UTF_8));

        assertThat(readBack).isEqualTo(LogFixtures.request("C-1"));
    }

    @Test
    void theRequestIsKeptAsReceivedWithoutTheSpacesBetweenItsTokens() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
        }

        assertThat(new DecisionLogReader(settings.file(), Redaction.NONE).find("d-1").orElseThrow().request())
                .isEqualTo("""
                        {"asOf":"2026-11-23",\
                        "partner":{"id":"P-200","role":"INDIRECT_RESELLER","directPartnerId":"P-100"},\
                        "customer":{"id":"C-1","delegatedAdminPartnerIds":["P-100"],\
                        "subscriptions":[{"id":"S-1","offer":"Office 365 E3","billing":"LICENSE","channel":"THIRD_PARTY",\
                        "sellerId":"X-7","status":"ACTIVE","endDate":"2027-03-31"}]}}""");
    }

    /** Without asOf the request was decided for the day it was read: a re-run a week later must decide for that day. */
    @Test
    void aRequestWithoutAsOfIsStoredWithTheDayItWasDecidedFor() throws Exception {
        DecisionLogSettings settings = settings(folder);
        byte[] body = """
                { "partner": { "id": "P-100", "role": "DIRECT_PARTNER" }, "customer": { "id": "C-1" } }
                """.getBytes(StandardCharsets.UTF_8);
        LocalDate decidedFor = LocalDate.parse("2026-11-20");
        DecisionRequest request = new RequestReader(Clock.fixed(Instant.parse("2026-11-20T23:59:59Z"), ZoneOffset.UTC), 32)
                .read(body);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(new LoggedDecision("d-1", NOW, "pack@000000000001", FILES, "C-1", request.asOf(), body, List.of(),
                    1_000, System.nanoTime()));
        }
        String stored = new DecisionLogReader(settings.file(), Redaction.NONE).find("d-1").orElseThrow().request();

        assertThat(stored).startsWith("{\"asOf\":\"2026-11-20\",\"partner\":");
        assertThat(new RequestReader().read(stored.getBytes(StandardCharsets.UTF_8))).isEqualTo(request);
        assertThat(request.asOf()).isEqualTo(decidedFor);
    }

    @Test
    void theViewsShowARowAsTextToAnySqliteTool() throws Exception {
        DecisionLogSettings settings = settings(folder);
        String id = DecisionIds.next();
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision(id));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + settings.file());
             ResultSet result = connection.createStatement().executeQuery(
                     "SELECT decision_id, at, ruleset, customer_id, codes, duration_us FROM decisions")) {
            assertThat(result.getString(1)).isEqualTo(id);
            assertThat(result.getString(2)).isEqualTo("2026-11-27T10:00:00.000Z");
            assertThat(result.getString(3)).isEqualTo("pack@000000000001");
            assertThat(result.getString(4)).isEqualTo("C-1");
            assertThat(result.getString(5)).isEqualTo(" LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL DIRECT_PARTNER_MANAGES_RELATIONSHIP ");
            assertThat(result.getLong(6)).isEqualTo(250);
        }
    }

    @Test
    void aCodeRecommendedTwiceIsInTheCodesOnce() throws Exception {
        DecisionLogSettings settings = settings(folder);
        LoggedDecision decision = decision("d-1");
        List<Recommendation> twice = new ArrayList<>(decision.recommendations());
        twice.add(decision.recommendations().get(0));
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(new LoggedDecision("d-1", NOW, decision.ruleset(), FILES, "C-1", decision.asOf(), decision.request(),
                    twice, 1_000, System.nanoTime()));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + settings.file());
             ResultSet result = connection.createStatement().executeQuery("SELECT codes FROM decisions")) {
            assertThat(result.getString(1)).isEqualTo(" LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL DIRECT_PARTNER_MANAGES_RELATIONSHIP ");
        }
        assertThat(new DecisionLogReader(settings.file(), Redaction.NONE).find("d-1").orElseThrow().recommendations()).hasSize(3);
    }

    /** The sqlite3 shell's sqlar_uncompress, as it is written there: zlib's uncompress into a buffer of the size given. */
    @Test
    void theJsonViewReadsThePayloadWithTheSqlite3ShellsUncompressFunction() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + settings.file())) {
            Function.create(connection, "sqlar_uncompress", new ZlibUncompress());
            try (ResultSet result = connection.createStatement().executeQuery("SELECT json_extract(request, '$.customer.id'),"
                    + " json_extract(request, '$.subscriptions'), json_extract(recommendations, '$[0].code'),"
                    + " json_extract(recommendations, '$[0].details.daysUntilEnd'), json_extract(recommendations, '$[1]')"
                    + " FROM decisions_json WHERE decision_id = 'd-1'")) {
                assertThat(result.getString(1)).isEqualTo("C-1");
                assertThat(result.getString(2)).isNull();
                assertThat(result.getString(3)).isEqualTo("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL");
                assertThat(result.getInt(4)).isEqualTo(128);
                assertThat(result.getString(5))
                        .isEqualTo("{\"code\":\"DIRECT_PARTNER_MANAGES_RELATIONSHIP\",\"subscriptionId\":null,\"details\":{}}");
            }
        }
    }

    /** The real shell, where there is one (the project's machines have it; the build does not need it). */
    @Test
    void theSqlite3ShellReadsTheJsonView() throws Exception {
        Assumptions.assumeTrue(onPath("sqlite3"), "sqlite3 is not installed");
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
        }
        Process shell = new ProcessBuilder("sqlite3", "-readonly", settings.file().toString(),
                "SELECT json_extract(request, '$.customer.id'), json_extract(recommendations, '$[0].code') FROM decisions_json")
                .redirectErrorStream(true).start();

        assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("C-1|LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL");
        assertThat(shell.waitFor()).isZero();
    }

    @Test
    void aDecisionThatCannotBeEncodedIsCountedAsFailedAndTheNextOneIsStillWritten() throws Exception {
        DecisionLogSettings settings = settings(folder);
        LoggedDecision good = decision("d-2");
        LoggedDecision unencodable = new LoggedDecision("d-1", NOW, good.ruleset(), FILES, "C-1", good.asOf(),
                good.request(), List.of(new Recommendation("SOME_CODE", Kind.INFO, null, "MC-1", "rule", "message",
                        Map.of("broken", new Unreadable()))), 1_000, System.nanoTime());
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            assertThat(log.offer(unencodable)).isEqualTo(Admission.QUEUED);
            assertThat(log.offer(good)).isEqualTo(Admission.QUEUED);
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(log.failed()).isEqualTo(1);
            assertThat(log.written()).isEqualTo(1);
        }
        assertThat(count(settings.file())).isEqualTo(1);
    }

    @Test
    void aWindowThatCannotBeWrittenIsCountedAsFailedAndTheNextWindowIsStillWritten() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            refuseRowsOf(settings.file(), "C-refused");

            log.offer(decision("d-1", "C-refused", "LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL", NOW));
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            log.offer(decision("d-2"));
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();

            assertThat(log.failed()).isEqualTo(1);
            assertThat(log.written()).isEqualTo(1);
        }
        DecisionLogReader reader = new DecisionLogReader(settings.file(), Redaction.NONE);
        assertThat(reader.find("d-1")).isEmpty();
        assertThat(reader.find("d-2")).isPresent();
    }

    @Test
    void aCodeAndAVersionFirstStoredInAWindowThatIsRolledBackAreStoredAgainOnTheirNextUse() throws Exception {
        Path file = folder.resolve("window.db");
        try (Connection connection = LogDatabase.open(file, 1L << 30)) {
            Vocabulary vocabulary = new Vocabulary(connection);
            RowEncoder encoder = new RowEncoder(vocabulary, PayloadDictionary.current(), Redaction.NONE, CLOCK);
            WriteWindow window = new WriteWindow(connection);
            window.insert(List.of(encoder.encode(decision("d-1"))));
            // met while the window is open: stored in its transaction
            encoder.encode(withVersion(decision("d-2", "C-2", "NEW_CODE", NOW), "pack@000000000002"));

            assertThat(window.rollback()).isEqualTo(1);
            vocabulary.forgetUncommitted();
            window.insert(List.of(encoder.encode(withVersion(decision("d-3", "C-3", "NEW_CODE", NOW), "pack@000000000002"))));
            assertThat(window.commit()).isEqualTo(1);
        }
        DecisionLogReader reader = new DecisionLogReader(file, Redaction.NONE);
        StoredDecision found = reader.find("d-3").orElseThrow();
        assertThat(found.codes()).contains("NEW_CODE");
        assertThat(found.ruleset()).isEqualTo("pack@000000000002");
        assertThat(reader.rulesetFiles("pack@000000000002")).hasSize(1);
        assertThat(reader.find("d-1")).isEmpty();
    }

    @Test
    void aNewFileHasLargePagesAndIncrementalVacuumAndAnOlderFileKeepsItsOwn() throws Exception {
        Path older = folder.resolve("older.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + older)) {
            connection.createStatement().execute("PRAGMA page_size = 4096");
            connection.createStatement().execute("CREATE TABLE unrelated (x)");
        }
        try (Connection created = LogDatabase.open(folder.resolve("new.db"), 1L << 30);
             Connection reopened = LogDatabase.open(older, 1L << 30)) {
            assertThat(pragma(created, "page_size")).isEqualTo(16384);
            assertThat(pragma(created, "auto_vacuum")).isEqualTo(2);
            assertThat(pragma(reopened, "page_size")).isEqualTo(4096);
        }
    }

    @Test
    void aVersionsFilesAreStoredOnceWithItsFirstDecision() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
            log.offer(decision("d-2"));
        }
        DecisionLogReader reader = new DecisionLogReader(settings.file(), Redaction.NONE);

        assertThat(reader.rulesetFiles("pack@000000000001")).singleElement().satisfies(file -> {
            assertThat(file.path()).isEqualTo("pack/a.drl");
            assertThat(file.text()).isEqualTo("rule text");
            assertThat(file.sha256()).isEqualTo(FILES.get(0).sha256());
        });
        assertThat(reader.rulesetFiles("pack@ffffffffffff")).isEmpty();
    }

    @Test
    void theFileAndItsFolderAreOwnerOnly() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings.file().getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aFullQueueRefusesWhenTheLogSheds() throws Exception {
        // A window of an hour keeps the writer holding its first decision: the queue of one fills at once.
        DecisionLogSettings settings = slowWriter(settings(folder).withQueueCapacity(1));
        List<Admission> admissions;
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            admissions = offerThree(log);
            assertThat(admissions).contains(Admission.REFUSED).doesNotContain(Admission.DROPPED);
            assertThat(log.refused()).isEqualTo(counted(admissions, Admission.REFUSED));
        }
        assertThat(count(settings.file())).isEqualTo(counted(admissions, Admission.QUEUED));
    }

    @Test
    void aFullQueueDropsAndCountsWhenTheLogDrops() throws Exception {
        DecisionLogSettings settings = slowWriter(settings(folder).withQueueCapacity(1).withWhenFull(WhenFull.DROP));
        List<Admission> admissions;
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            admissions = offerThree(log);
            assertThat(admissions).contains(Admission.DROPPED).doesNotContain(Admission.REFUSED);
            assertThat(log.dropped()).isEqualTo(counted(admissions, Admission.DROPPED));
        }
    }

    @Test
    void closingWritesEveryQueuedDecision() throws Exception {
        DecisionLogSettings settings = slowWriter(settings(folder));
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            for (int i = 0; i < 500; i++) {
                log.offer(decision("d-" + i));
            }
        }

        assertThat(count(settings.file())).isEqualTo(500);
    }

    @Test
    void flushReturnsOnceEverythingQueuedIsCommitted() throws Exception {
        DecisionLogSettings settings = slowWriter(settings(folder));
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
            log.offer(decision("d-2"));

            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(count(settings.file())).isEqualTo(2);
            assertThat(log.written()).isEqualTo(2);
        }
    }

    @Test
    void aQueuedDecisionIsCommittedWithinItsWindowWithoutAFlush() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
            // a bound, not the window: on a busy machine the writer may run late
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (log.written() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(count(settings.file())).as("committed without a flush").isEqualTo(1);
        }
    }

    private static List<Admission> offerThree(DecisionLog log) {
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            admissions.add(log.offer(decision("d-" + i)));
        }
        return admissions;
    }

    private static long counted(List<Admission> admissions, Admission kind) {
        return admissions.stream().filter(kind::equals).count();
    }

    private static DecisionLogSettings slowWriter(DecisionLogSettings settings) {
        return new DecisionLogSettings(settings.file(), settings.queueCapacity(), Duration.ofHours(1), settings.whenFull(),
                settings.maxAge(), settings.maxSizeBytes(), settings.redaction(), settings.retentionEvery());
    }

    private static LoggedDecision withVersion(LoggedDecision decision, String ruleset) {
        return new LoggedDecision(decision.decisionId(), decision.at(), ruleset, decision.rulesetFiles(),
                decision.customerId(), decision.asOf(), decision.request(), decision.recommendations(),
                decision.durationNanos(), decision.queuedNanos());
    }

    /** Makes the file refuse the rows of one customer, as a full disk or a broken file would refuse them all. */
    private static void refuseRowsOf(Path file, String customerId) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.createStatement().execute("CREATE TRIGGER refuse BEFORE INSERT ON log_decisions WHEN NEW.customer_id = '"
                    + customerId + "' BEGIN SELECT RAISE(ABORT, 'refused on purpose'); END");
        }
    }

    /** A detail whose value cannot be read: its encoding fails. */
    public static final class Unreadable {
        public String getValue() {
            throw new IllegalStateException("unreadable on purpose");
        }
    }

    private static long pragma(Connection connection, String name) throws Exception {
        try (ResultSet result = connection.createStatement().executeQuery("PRAGMA " + name)) {
            return result.getLong(1);
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, command)));
    }

    /** zlib's uncompress, as the sqlite3 shell's sqlar_uncompress(data, size) calls it. */
    static final class ZlibUncompress extends Function {
        @Override
        protected void xFunc() throws SQLException {
            byte[] data = value_blob(0);
            int size = value_int(1);
            if (size == data.length) {
                result(data);
                return;
            }
            Inflater inflater = new Inflater();
            try {
                inflater.setInput(data);
                byte[] out = new byte[size];
                int read = inflater.inflate(out);
                if (!inflater.finished()) {
                    throw new SQLException("error in uncompress()");
                }
                result(Arrays.copyOf(out, read));
            } catch (DataFormatException e) {
                throw new SQLException("error in uncompress()", e);
            } finally {
                inflater.end();
            }
        }
    }

    static long count(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet result = connection.createStatement().executeQuery("SELECT count(*) FROM decisions")) {
            return result.getLong(1);
        }
    }
}
