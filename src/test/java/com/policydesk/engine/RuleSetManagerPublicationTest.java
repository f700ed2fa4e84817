package com.policydesk.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Several replicas, with an in-memory log of publications standing for Kafka: nothing goes live unpublished. */
class RuleSetManagerPublicationTest {
    private final DecisionEngine engine = new DecisionEngine();

    @TempDir
    Path folderA;
    @TempDir
    Path folderB;

    /** The publications in order, as every replica reads them. */
    private final List<RuleSet> log = new ArrayList<>();

    private final RuleSetManager.Publication publication = new RuleSetManager.Publication() {
        @Override
        public RuleSetManager.Published publish(RuleSet ruleSet, String trigger) {
            log.add(ruleSet);
            return new RuleSetManager.Published(ruleSet.version(), log.size() - 1);
        }

        @Override
        public boolean awaitInstalled(RuleSetManager.Published published, Duration timeout) {
            return true;
        }
    };

    @Test
    void aChangeIsPublishedNotSwappedInAndGoesLiveWhenItComesBack() throws IOException {
        RuleSetManager a = replica(folderA);
        String before = a.active().version();
        write(folderA, "Welcome");

        RuleSetManager.ReloadResult result = a.reload("watch");

        assertThat(result.status()).isEqualTo(RuleSetManager.Status.PUBLISHED);
        assertThat(result.published().sequence()).isZero();
        assertThat(result.entry().outcome()).isEqualTo(RuleSetHistoryEntry.Outcome.PUBLISHED);
        assertThat(a.active().version()).as("not live before it comes back").isEqualTo(before);
        assertThat(a.reload("watch").status()).as("the watcher's second event: on its way, not published again")
                .isEqualTo(RuleSetManager.Status.PUBLISHED);
        assertThat(log).hasSize(1);

        RuleSetManager.InstallResult installed = installNewest(a);

        assertThat(installed.status()).isEqualTo(RuleSetManager.Status.ACTIVATED);
        assertThat(a.active()).as("the candidate built for the publication, not built again").isSameAs(log.get(0));
        assertThat(message(a)).isEqualTo("Welcome C-1");
        assertThat(a.reload("watch").status()).isEqualTo(RuleSetManager.Status.UNCHANGED);
    }

    @Test
    void anotherReplicaInstallsThePublishedFilesAndHoldsItsOwnFolder() throws IOException {
        RuleSetManager a = replica(folderA);
        RuleSetManager b = replica(folderB);
        write(folderA, "Welcome");
        a.reload("workbench");

        RuleSetManager.InstallResult installed = installNewest(b);

        assertThat(installed.status()).isEqualTo(RuleSetManager.Status.ACTIVATED);
        assertThat(message(b)).isEqualTo("Welcome C-1");
        assertThat(b.history().get(0).trigger()).isEqualTo("published");
        RuleSetManager.ReloadResult stale = b.reload("admin");
        assertThat(stale.status()).as("b's folder still holds the old rules: not published again")
                .isEqualTo(RuleSetManager.Status.UNCHANGED);
        assertThat(log).hasSize(1);

        write(folderB, "Hi");
        assertThat(b.reload("watch").status()).as("a change of b's folder is published")
                .isEqualTo(RuleSetManager.Status.PUBLISHED);
        assertThat(installNewest(a).status()).isEqualTo(RuleSetManager.Status.ACTIVATED);
        assertThat(message(a)).isEqualTo("Hi C-1");
    }

    @Test
    void aRollbackIsPublishedAndTheRolledBackFromFolderHeld() throws IOException {
        RuleSetManager a = replica(folderA);
        String first = a.active().version();
        write(folderA, "Welcome");
        a.reload("watch");
        installNewest(a);

        RuleSetManager.ActivationResult rollback = a.activateVersion(first);

        assertThat(rollback.published()).isNotNull();
        assertThat(rollback.entry().outcome()).isEqualTo(RuleSetHistoryEntry.Outcome.PUBLISHED);
        assertThat(message(a)).isEqualTo("Welcome C-1");
        installNewest(a);
        assertThat(a.active().version()).isEqualTo(first);
        assertThat(a.reload("watch").status()).as("the folder's late event after the rollback")
                .isEqualTo(RuleSetManager.Status.UNCHANGED);
    }

    @Test
    void aPublishedVersionThatDoesNotCompileHereIsRefusedAndTheActiveOneStays() throws IOException {
        RuleSetManager b = replica(folderB);
        String before = b.active().version();
        RuleFile broken = file("pack/greeting.drl", TestRules.GREETING_DRL.replace("then", "then oops("));

        RuleSetManager.InstallResult result = b.install(RuleSetLoader.version(List.of(broken)), List.of(broken), "published");

        assertThat(result.status()).isEqualTo(RuleSetManager.Status.REJECTED);
        assertThat(result.entry().problems()).isNotEmpty();
        assertThat(b.active().version()).isEqualTo(before);
        assertThat(b.lastRejected()).isPresent();
    }

    @Test
    void filesThatAreNotThePublishedVersionAreRefused() throws IOException {
        RuleSetManager b = replica(folderB);
        RuleFile real = file("pack/greeting.drl", TestRules.GREETING_DRL.replace("Hello", "Welcome"));
        RuleFile tampered = new RuleFile(real.path(), "package x;".getBytes(StandardCharsets.UTF_8), real.sha256());

        RuleSetManager.InstallResult badHash = b.install(RuleSetLoader.version(List.of(real)), List.of(tampered), "published");
        RuleSetManager.InstallResult otherVersion = b.install("pack@000000000000", List.of(real), "published");

        assertThat(badHash.status()).isEqualTo(RuleSetManager.Status.REJECTED);
        assertThat(badHash.entry().problems().get(0).message()).contains("sha256");
        assertThat(otherVersion.status()).isEqualTo(RuleSetManager.Status.REJECTED);
        assertThat(otherVersion.entry().problems().get(0).message()).contains("not pack@000000000000");
        assertThat(message(b)).isEqualTo("Hello C-1");
    }

    @Test
    void aFailedPublicationChangesNothing() throws IOException {
        write(folderA, "Hello");
        RuleSetManager a = new RuleSetManager(new RuleSetLoader(), new RuleSource.Folder(folderA),
                RuleSetManager.CandidateCheck.NONE, Clock.systemUTC(), 10);
        a.start();
        a.publishThrough(new RuleSetManager.Publication() {
            @Override
            public RuleSetManager.Published publish(RuleSet ruleSet, String trigger) {
                throw new RuleSetManager.PublicationException("Kafka is away", null);
            }

            @Override
            public boolean awaitInstalled(RuleSetManager.Published published, Duration timeout) {
                return false;
            }
        }, installed -> { });
        write(folderA, "Welcome");

        assertThatThrownBy(() -> a.reload("watch")).isInstanceOf(RuleSetManager.PublicationException.class);
        assertThat(message(a)).isEqualTo("Hello C-1");
        assertThatThrownBy(() -> a.reload("admin")).as("tried again, not remembered as rejected")
                .isInstanceOf(RuleSetManager.PublicationException.class);
    }

    private RuleSetManager replica(Path folder) throws IOException {
        write(folder, "Hello");
        RuleSetManager manager = new RuleSetManager(new RuleSetLoader(), new RuleSource.Folder(folder),
                RuleSetManager.CandidateCheck.NONE, Clock.systemUTC(), 10);
        manager.start();
        manager.publishThrough(publication, installed -> { });
        return manager;
    }

    private RuleSetManager.InstallResult installNewest(RuleSetManager replica) {
        RuleSet newest = log.get(log.size() - 1);
        return replica.install(newest.version(), newest.files(), "published");
    }

    private String message(RuleSetManager manager) {
        return TestRules.greeting(engine, manager.active());
    }

    private static RuleFile file(String path, String content) {
        return RuleFile.of(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path folder, String greeting) throws IOException {
        Path file = folder.resolve("pack/greeting.drl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, TestRules.GREETING_DRL.replace("Hello", greeting));
    }
}
