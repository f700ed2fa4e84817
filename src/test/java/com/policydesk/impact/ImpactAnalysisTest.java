package com.policydesk.impact;

import com.policydesk.RulesCopies;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogReader;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.LoggedDecision;
import com.policydesk.log.Redaction;
import com.policydesk.log.ReplayRow;
import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Impact counts are exact on a constructed log: the bundled rules decide and log a known mix of requests, and a
 * candidate without the table's Virtual Machines row changes exactly the decisions that used that row.
 */
class ImpactAnalysisTest {
    private static final DecisionEngine ENGINE = new DecisionEngine();
    private static final RequestReader READER = new RequestReader();
    private static final int WITH_VIRTUAL_MACHINES = 7;
    private static final int WITH_STORAGE_ONLY = 4;
    private static final int LICENSES_ONLY = 5;

    @TempDir
    static Path folder;
    private static RuleSet active;
    private static RuleSet candidate;
    private static List<LoggedRequest> logged;
    private static DecisionLogReader log;

    @BeforeAll
    static void logAKnownMixOfDecisions() throws Exception {
        RuleSetLoader loader = new RuleSetLoader();
        active = loader.loadFolder(Path.of("rules"));
        Path candidateRules = folder.resolve("candidate");
        RulesCopies.copy(Path.of("rules"), candidateRules);
        Path table = candidateRules.resolve("multichannel/AzureServicesInCsp.dmn");
        Files.writeString(table, RulesCopies.withoutVirtualMachinesRow(Files.readString(table)));
        candidate = loader.loadFolder(candidateRules);
        DecisionLogSettings settings = DecisionLogSettings.defaults(folder.resolve("data/decisions.db"));
        try (DecisionLog log = DecisionLog.open(settings, Clock.systemUTC())) {
            int id = 0;
            for (int i = 0; i < WITH_VIRTUAL_MACHINES; i++) {
                log.offer(decided("vm-" + id++, azure("\"Virtual Machines\", \"Storage\"")));
            }
            for (int i = 0; i < WITH_STORAGE_ONLY; i++) {
                log.offer(decided("storage-" + id++, azure("\"Storage\"")));
            }
            for (int i = 0; i < LICENSES_ONLY; i++) {
                log.offer(decided("license-" + id++, licenseOnly()));
            }
        }
        log = new DecisionLogReader(settings.file(), Redaction.NONE);
        logged = log.latest(1_000).stream()
                .map(decision -> new LoggedRequest(decision.decisionId(), decision.request())).toList();
    }

    @Test
    void droppingATableRowChangesExactlyTheDecisionsThatUsedIt() {
        ImpactReport report = new ImpactAnalysis(ENGINE, READER, 2).replay(candidate, active, logged);

        int total = WITH_VIRTUAL_MACHINES + WITH_STORAGE_ONLY + LICENSES_ONLY;
        assertThat(report.replayed()).isEqualTo(total);
        assertThat(report.skipped()).isZero();
        assertThat(report.changed()).isEqualTo(WITH_VIRTUAL_MACHINES);
        assertThat(report.codes()).containsOnlyKeys("AZURE_SERVICES_NOT_IN_CSP")
                .containsEntry("AZURE_SERVICES_NOT_IN_CSP", new ImpactReport.Counts(WITH_VIRTUAL_MACHINES, 0));
        assertThat(report.policies()).containsExactlyEntriesOf(
                java.util.Map.of("MC-8", new ImpactReport.Counts(WITH_VIRTUAL_MACHINES, 0)));
        assertThat(report.examples()).hasSize(WITH_VIRTUAL_MACHINES).allSatisfy(example -> {
            assertThat(example.decisionId()).startsWith("vm-");
            assertThat(example.removed()).isEmpty();
            assertThat(example.added()).singleElement().satisfies(added -> {
                assertThat(added.code()).isEqualTo("AZURE_SERVICES_NOT_IN_CSP");
                assertThat(added.details()).containsEntry("services", List.of("Virtual Machines"));
            });
        });
    }

    @Test
    void theOtherWayRoundTheSameDecisionsLoseTheWarning() {
        ImpactReport report = new ImpactAnalysis(ENGINE, READER, 2).replay(active, candidate, logged);

        assertThat(report.codes()).containsEntry("AZURE_SERVICES_NOT_IN_CSP", new ImpactReport.Counts(0, WITH_VIRTUAL_MACHINES));
    }

    @Test
    void aRuleSetAgainstItselfChangesNothing() {
        ImpactReport report = new ImpactAnalysis(ENGINE, READER, 2).replay(active, active, logged);

        assertThat(report.changed()).isZero();
        assertThat(report.codes()).isEmpty();
        assertThat(report.examples()).isEmpty();
    }

    @Test
    void aRequestThatCannotBeReadBackIsSkippedNotCounted() {
        List<LoggedRequest> withBroken = new java.util.ArrayList<>(logged);
        withBroken.add(new LoggedRequest("broken", "{\"partner\": {}}"));

        ImpactReport report = new ImpactAnalysis(ENGINE, READER, 2).replay(candidate, active, withBroken);

        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.replayed()).isEqualTo(logged.size());
    }

    @Test
    void theWholeLogStreamedInSmallPagesCountsAsTheListDoesNewestExamplesFirst() throws Exception {
        ImpactReport listed = new ImpactAnalysis(ENGINE, READER, 2).replay(candidate, active, logged);
        ReplayProgress progress = new ReplayProgress(candidate.version(), active.version(), log.count(Instant.EPOCH));

        try (DecisionLogReader.ReplayCursor pages = log.replay(Instant.EPOCH, 3)) {
            new ImpactAnalysis(ENGINE, READER, 2).replayAll(candidate, active, pages::next, progress);
        }

        ReplayProgress.Status status = progress.status();
        assertThat(status.state()).isEqualTo(ReplayProgress.State.DONE);
        assertThat(status.decided()).isEqualTo(status.total()).isEqualTo(logged.size());
        assertThat(status.report()).isEqualTo(listed);
    }

    @Test
    void aCancelledReplayStopsAfterThePageItWasGivenAndReportsWhatItDecided() throws Exception {
        ReplayProgress progress = new ReplayProgress(candidate.version(), active.version(), logged.size());

        try (DecisionLogReader.ReplayCursor pages = log.replay(Instant.EPOCH, 4)) {
            ImpactAnalysis.Pages cancelledAfterTheFirst = () -> {
                List<ReplayRow> page = pages.next();
                progress.cancel();
                return page;
            };
            new ImpactAnalysis(ENGINE, READER, 2).replayAll(candidate, active, cancelledAfterTheFirst, progress);
        }

        ReplayProgress.Status status = progress.status();
        assertThat(status.state()).isEqualTo(ReplayProgress.State.CANCELLED);
        assertThat(status.report().replayed() + status.report().skipped()).isEqualTo(status.decided()).isLessThanOrEqualTo(4);
        assertThat(progress.cancel()).as("an ended replay cannot be cancelled again").isFalse();
    }

    private static LoggedDecision decided(String id, String body) {
        DecisionRequest request = read(body);
        return LoggedDecision.of(id, active.version(), active.files(), request, body.getBytes(StandardCharsets.UTF_8),
                ENGINE.evaluate(active, request).recommendations(), 1_000);
    }

    private static String azure(String services) {
        return """
                { "asOf": "2026-11-23", "partner": { "id": "P-100", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": "S-2", "billing": "USAGE", "channel": "EA", "status": "ACTIVE", "services": [%s] } ] } }
                """.formatted(services);
    }

    private static String licenseOnly() {
        return """
                { "asOf": "2026-11-23", "partner": { "id": "P-100", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-2", "subscriptions": [
                    { "id": "S-1", "billing": "LICENSE", "channel": "THIRD_PARTY", "status": "ACTIVE", "endDate": "2027-03-31" } ] } }
                """;
    }

    private static DecisionRequest read(String json) {
        return READER.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
