package com.policydesk.log;

import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;
import java.util.Map;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        LoggedDecision original = decision("d-1");
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(original);
        }
        String stored = new DecisionLogReader(settings.file(), Redaction.NONE).find("d-1").orElseThrow().request();

        DecisionRequest readBack = new RequestReader().read(stored.getBytes(StandardCharsets.UTF_8));

        assertThat(readBack).isEqualTo(original.request());
    }

    @Test
    void theJsonColumnsAreTextThatSqlitesJsonFunctionsRead() throws Exception {
        DecisionLogSettings settings = settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            log.offer(decision("d-1"));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + settings.file());
             ResultSet result = connection.createStatement().executeQuery("SELECT typeof(request), typeof(recommendations),"
                     + " json_extract(request, '$.customer.id'), json_extract(recommendations, '$[0].code')"
                     + " FROM decisions WHERE decision_id = 'd-1'")) {
            assertThat(result.getString(1)).isEqualTo("text");
            assertThat(result.getString(2)).isEqualTo("text");
            assertThat(result.getString(3)).isEqualTo("C-1");
            assertThat(result.getString(4)).isEqualTo("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL");
        }
    }

    @Test
    void aDecisionThatCannotBeEncodedIsCountedAsFailedAndTheNextOneIsStillWritten() throws Exception {
        DecisionLogSettings settings = settings(folder);
        LoggedDecision good = decision("d-2");
        LoggedDecision unencodable = new LoggedDecision("d-1", NOW, good.ruleset(), FILES, good.request(),
                List.of(new Recommendation("SOME_CODE", Kind.INFO, null, "MC-1", "rule", "message",
                        Map.of("broken", new Unreadable()))), 1_000, System.nanoTime());
        try (DecisionLog log = DecisionLog.open(settings, CLOCK)) {
            assertThat(log.offer(unencodable)).isEqualTo(Admission.FAILED);
            assertThat(log.offer(good)).isEqualTo(Admission.QUEUED);
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(log.failed()).isEqualTo(1);
            assertThat(log.written()).isEqualTo(1);
        }
        assertThat(count(settings.file())).isEqualTo(1);
    }

    @Test
    void aNewFileHasLargePagesAndAnOlderFileKeepsItsOwn() throws Exception {
        Path older = folder.resolve("older.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + older)) {
            connection.createStatement().execute("PRAGMA page_size = 4096");
            connection.createStatement().execute("CREATE TABLE unrelated (x)");
        }
        try (Connection created = LogDatabase.open(folder.resolve("new.db"));
             Connection reopened = LogDatabase.open(older)) {
            assertThat(pageSize(created)).isEqualTo(16384);
            assertThat(pageSize(reopened)).isEqualTo(4096);
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

    /** A detail whose value cannot be read: its encoding fails. */
    public static final class Unreadable {
        public String getValue() {
            throw new IllegalStateException("unreadable on purpose");
        }
    }

    private static long pageSize(Connection connection) throws Exception {
        try (ResultSet result = connection.createStatement().executeQuery("PRAGMA page_size")) {
            return result.getLong(1);
        }
    }

    static long count(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet result = connection.createStatement().executeQuery("SELECT count(*) FROM decisions")) {
            return result.getLong(1);
        }
    }
}
