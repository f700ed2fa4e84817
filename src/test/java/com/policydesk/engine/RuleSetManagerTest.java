package com.policydesk.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetManagerTest {
    private final DecisionEngine engine = new DecisionEngine();

    @TempDir
    Path rules;

    @Test
    void anEditedRuleGoesLiveOnReloadWithANewVersion() throws IOException {
        RuleSetManager manager = started();
        String before = manager.active().version();
        write(TestRules.GREETING_DRL.replace("Hello", "Welcome"));

        RuleSetManager.ReloadResult result = manager.reload("test");

        assertThat(result.status()).isEqualTo(RuleSetManager.Status.ACTIVATED);
        assertThat(manager.active().version()).isNotEqualTo(before).isEqualTo(result.version());
        assertThat(message(manager)).isEqualTo("Welcome C-1");
    }

    @Test
    void reloadingUnchangedFilesChangesNothing() throws IOException {
        RuleSetManager manager = started();

        assertThat(manager.reload("test").status()).isEqualTo(RuleSetManager.Status.UNCHANGED);
        assertThat(manager.history()).hasSize(1);
    }

    @Test
    void aBrokenChangeIsRejectedOnceWithItsProblemsAndTheOldVersionKeepsAnswering() throws IOException {
        RuleSetManager manager = started();
        String before = manager.active().version();
        write(TestRules.GREETING_DRL.replace("Customer( $id : id )", "Customer( $id : id ==  )"));

        RuleSetManager.ReloadResult rejected = manager.reload("test");
        RuleSetManager.ReloadResult again = manager.reload("test");

        assertThat(rejected.status()).isEqualTo(RuleSetManager.Status.REJECTED);
        assertThat(rejected.entry().problems()).isNotEmpty()
                .allSatisfy(problem -> assertThat(problem.file()).isEqualTo("pack/greeting.drl"));
        assertThat(again.status()).as("not retried until the files change").isEqualTo(RuleSetManager.Status.STILL_REJECTED);
        assertThat(manager.active().version()).isEqualTo(before);
        assertThat(message(manager)).isEqualTo("Hello C-1");
        assertThat(manager.lastRejected()).contains(rejected.entry());
    }

    @Test
    void aCandidateThatFailsTheCheckIsRejectedWithTheFailures() throws IOException {
        write(TestRules.GREETING_DRL);
        RuleSetManager manager = new RuleSetManager(new RuleSetLoader(), new RuleSource.Folder(rules),
                candidate -> List.of("scenario x: missing GREETING"), Clock.systemUTC(), 10);
        manager.start();
        write(TestRules.GREETING_DRL.replace("GREETING", "SALUTE"));

        RuleSetManager.ReloadResult result = manager.reload("test");

        assertThat(result.status()).isEqualTo(RuleSetManager.Status.REJECTED);
        assertThat(result.entry().failedScenarios()).containsExactly("scenario x: missing GREETING");
        assertThat(manager.active().version()).isNotEqualTo(result.version());
    }

    @Test
    void theHistoryAndTheKeptVersionsAnswerWhileAReloadIsChecking() throws Exception {
        write(TestRules.GREETING_DRL);
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch finishCheck = new CountDownLatch(1);
        RuleSetManager manager = new RuleSetManager(new RuleSetLoader(), new RuleSource.Folder(rules), candidate -> {
            checking.countDown();
            await(finishCheck);
            return List.of();
        }, Clock.systemUTC(), 10);
        String first = manager.start().version();
        write(TestRules.GREETING_DRL.replace("Hello", "Welcome"));
        CompletableFuture<RuleSetManager.ReloadResult> reload = CompletableFuture.supplyAsync(() -> manager.reload("test"));
        try {
            assertThat(checking.await(30, TimeUnit.SECONDS)).as("the reload reached its check").isTrue();

            assertThat(CompletableFuture.supplyAsync(manager::history).get(10, TimeUnit.SECONDS)).hasSize(1);
            assertThat(CompletableFuture.supplyAsync(manager::keptVersions).get(10, TimeUnit.SECONDS)).containsExactly(first);
            assertThat(CompletableFuture.supplyAsync(manager::lastRejected).get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(CompletableFuture.supplyAsync(() -> manager.find(first)).get(10, TimeUnit.SECONDS)).isPresent();
        } finally {
            finishCheck.countDown();
        }
        assertThat(reload.get(30, TimeUnit.SECONDS).status()).isEqualTo(RuleSetManager.Status.ACTIVATED);
        assertThat(manager.history()).hasSize(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void rollbackRestoresThePreviousAnswersAndForwardAgain() throws IOException {
        RuleSetManager manager = started();
        String first = manager.active().version();
        write(TestRules.GREETING_DRL.replace("Hello", "Welcome"));
        String second = manager.reload("test").version();

        manager.activate(first);
        assertThat(message(manager)).isEqualTo("Hello C-1");

        manager.activate(second);
        assertThat(message(manager)).isEqualTo("Welcome C-1");
        assertThat(manager.history()).extracting(RuleSetHistoryEntry::outcome).containsExactly(
                RuleSetHistoryEntry.Outcome.ROLLED_BACK, RuleSetHistoryEntry.Outcome.ROLLED_BACK,
                RuleSetHistoryEntry.Outcome.ACTIVATED, RuleSetHistoryEntry.Outcome.ACTIVATED);
    }

    @Test
    void aRollbackHoldsUntilTheFolderChangesAgain() throws IOException {
        RuleSetManager manager = started();
        String first = manager.active().version();
        write(TestRules.GREETING_DRL.replace("Hello", "Hi"));
        manager.reload("watch");
        String second = manager.active().version();

        manager.activate(first);
        RuleSetManager.ReloadResult late = manager.reload("watch");
        write(TestRules.GREETING_DRL.replace("Hello", "Hi"));
        RuleSetManager.ReloadResult sameAgain = manager.reload("watch");
        write(TestRules.GREETING_DRL.replace("Hello", "Hey"));
        RuleSetManager.ReloadResult edited = manager.reload("watch");

        assertThat(late.status()).as("a watcher's event for the save before the rollback").isEqualTo(RuleSetManager.Status.UNCHANGED);
        assertThat(sameAgain.status()).isEqualTo(RuleSetManager.Status.UNCHANGED);
        assertThat(edited.status()).isEqualTo(RuleSetManager.Status.ACTIVATED);
        assertThat(manager.active().version()).isNotIn(first, second);
    }

    @Test
    void keepsOnlyTheLastValidVersionsForRollback() throws IOException {
        write(TestRules.GREETING_DRL);
        RuleSetManager manager = new RuleSetManager(new RuleSetLoader(), new RuleSource.Folder(rules),
                RuleSetManager.CandidateCheck.NONE, Clock.systemUTC(), 2);
        String first = manager.start().version();
        write(TestRules.GREETING_DRL.replace("Hello", "Hi"));
        manager.reload("test");
        write(TestRules.GREETING_DRL.replace("Hello", "Hey"));
        manager.reload("test");

        assertThat(manager.keptVersions()).hasSize(2).doesNotContain(first);
        assertThatThrownBy(() -> manager.activate(first)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no kept version " + first);
    }

    @Test
    void withManualActivationAValidChangeWaitsAsPendingUntilItIsPublished() throws IOException {
        RuleSetManager manager = started(RuleSetManager.Activation.MANUAL);
        String before = manager.active().version();
        write(TestRules.GREETING_DRL.replace("Hello", "Welcome"));

        RuleSetManager.ReloadResult result = manager.reload("test");

        assertThat(result.status()).isEqualTo(RuleSetManager.Status.PENDING);
        assertThat(result.entry().outcome()).isEqualTo(RuleSetHistoryEntry.Outcome.PENDING);
        assertThat(manager.pending()).get().extracting(RuleSet::version).isEqualTo(result.version());
        assertThat(manager.active().version()).isEqualTo(before);
        assertThat(message(manager)).isEqualTo("Hello C-1");
        assertThat(manager.reload("again").status()).as("the same files stay pending").isEqualTo(RuleSetManager.Status.PENDING);

        manager.activate(result.version());

        assertThat(manager.active().version()).isEqualTo(result.version());
        assertThat(manager.pending()).isEmpty();
        assertThat(message(manager)).isEqualTo("Welcome C-1");
        assertThat(manager.history()).extracting(RuleSetHistoryEntry::outcome).containsExactly(
                RuleSetHistoryEntry.Outcome.ACTIVATED, RuleSetHistoryEntry.Outcome.PENDING, RuleSetHistoryEntry.Outcome.ACTIVATED);
    }

    @Test
    void aNewerChangeReplacesThePendingOneAndTheOlderCanNoLongerBePublished() throws IOException {
        RuleSetManager manager = started(RuleSetManager.Activation.MANUAL);
        write(TestRules.GREETING_DRL.replace("Hello", "Welcome"));
        String older = manager.reload("test").version();
        write(TestRules.GREETING_DRL.replace("Hello", "Hi"));

        String newer = manager.reload("test").version();

        assertThat(manager.pending()).get().extracting(RuleSet::version).isEqualTo(newer);
        assertThatThrownBy(() -> manager.activate(older)).isInstanceOf(IllegalArgumentException.class);
        assertThat(manager.find(newer)).isPresent();
    }

    @Test
    void filesBackToTheActiveVersionWithdrawThePendingCandidate() throws IOException {
        RuleSetManager manager = started(RuleSetManager.Activation.MANUAL);
        write(TestRules.GREETING_DRL.replace("Hello", "Welcome"));
        manager.reload("test");
        write(TestRules.GREETING_DRL);

        assertThat(manager.reload("test").status()).isEqualTo(RuleSetManager.Status.UNCHANGED);
        assertThat(manager.pending()).isEmpty();
    }

    private RuleSetManager started() throws IOException {
        return started(RuleSetManager.Activation.AUTO);
    }

    private RuleSetManager started(RuleSetManager.Activation activation) throws IOException {
        write(TestRules.GREETING_DRL);
        RuleSetManager manager = new RuleSetManager(new RuleSetLoader(), new RuleSource.Folder(rules),
                RuleSetManager.CandidateCheck.NONE, Clock.systemUTC(), 10, activation);
        manager.start();
        return manager;
    }

    private String message(RuleSetManager manager) {
        return TestRules.greeting(engine, manager.active());
    }

    private void write(String greeting) throws IOException {
        Path file = rules.resolve("pack/greeting.drl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, greeting);
    }
}
