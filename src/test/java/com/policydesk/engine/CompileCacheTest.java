package com.policydesk.engine;

import com.policydesk.RulesCopies;
import com.policydesk.error.RuleSetException;
import com.policydesk.model.Billing;
import com.policydesk.model.Channel;
import com.policydesk.model.Cloud;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Intent;
import com.policydesk.model.Partner;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.Recommendation;
import com.policydesk.model.Subscription;
import com.policydesk.model.SubscriptionStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A compiled rule set is kept on disk and read back, but never trusted when it is stale, corrupted or unsafe. */
@Execution(ExecutionMode.CONCURRENT)
class CompileCacheTest {
    private static final DecisionRequest EA_AZURE_WITH_VIRTUAL_MACHINES = new DecisionRequest(LocalDate.of(2026, 11, 23),
            new Partner("P-100", PartnerRole.DIRECT_PARTNER, null),
            new Customer("C-1", Cloud.GLOBAL, List.of(), List.of(new Subscription("S-2", "Azure plan", Billing.USAGE,
                    Channel.EA, null, SubscriptionStatus.ACTIVE, null, List.of("Virtual Machines", "Nowhere Service")))),
            Intent.takeOver());

    private final DecisionEngine engine = new DecisionEngine();

    @TempDir
    Path work;
    private Path rules;
    private Path cacheFolder;

    @BeforeEach
    void copyTheBundledRules() throws IOException {
        rules = work.resolve("rules");
        cacheFolder = work.resolve("data/compile-cache");
        RulesCopies.copy(Path.of("rules"), rules);
    }

    @Test
    void aRestartReadsTheCompiledRulesInsteadOfCompilingThem() {
        RuleSet compiled = newLoader().loadFolder(rules);

        RuleSet restarted = newLoader().loadFolder(rules);

        assertThat(compiled.loadProfile().drl()).isEqualTo("compiled");
        assertThat(restarted.loadProfile().drl()).isEqualTo("cache");
        assertThat(restarted.rules()).isEqualTo(compiled.rules());
        assertThat(codes(restarted)).isEqualTo(codes(compiled)).contains("AZURE_SERVICES_NOT_IN_CSP");
    }

    @Test
    void aCorruptedEntryIsDetectedDeletedAndCompiledAgain() throws IOException {
        RuleSet compiled = newLoader().loadFolder(rules);
        Path entry = onlyEntry();
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(entry, bytes);

        RuleSet again = newLoader().loadFolder(rules);

        assertThat(again.loadProfile().drl()).isEqualTo("compiled");
        assertThat(codes(again)).isEqualTo(codes(compiled));
        assertThat(newLoader().loadFolder(rules).loadProfile().drl()).as("the rewritten entry is good").isEqualTo("cache");
    }

    @Test
    void aTruncatedEntryIsCompiledAgain() throws IOException {
        RuleSet compiled = newLoader().loadFolder(rules);
        Path entry = onlyEntry();
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        RuleSet again = newLoader().loadFolder(rules);

        assertThat(again.loadProfile().drl()).isEqualTo("compiled");
        assertThat(codes(again)).isEqualTo(codes(compiled));
    }

    @Test
    void anEntryMadeForOtherFilesIsNeverUsed() throws IOException {
        newLoader().loadFolder(rules);
        Path oldEntry = onlyEntry();
        Path drl = rules.resolve("multichannel/azure.drl");
        Files.writeString(drl, Files.readString(drl).replace("AZURE_SERVICES_NOT_IN_CSP", "AZURE_SERVICES_MISSING"));
        String newKey = CompileCache.key(RuleFiles.fromFolder(rules).stream().filter(RuleFile::isDrl).toList());
        // A stale entry under the new files' name, as a bad copy or a tampering would leave it.
        Files.copy(oldEntry, cacheFolder.resolve(CompileCache.fileName(newKey)));

        RuleSet edited = newLoader().loadFolder(rules);

        assertThat(edited.loadProfile().drl()).isEqualTo("compiled");
        assertThat(codes(edited)).contains("AZURE_SERVICES_MISSING").doesNotContain("AZURE_SERVICES_NOT_IN_CSP");
    }

    @Test
    void aFolderThatOthersCanWriteIsRefused() throws IOException {
        Files.createDirectories(cacheFolder);
        Files.setPosixFilePermissions(cacheFolder, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(this::newLoader)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("can be written by others (rwxrwxrwx)")
                .hasMessageContaining("chmod 700");
    }

    @Test
    void aMissingFolderIsCreatedOwnerOnly() throws IOException {
        newLoader();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFolder))).isEqualTo("rwx------");
    }

    @Test
    void theCacheKeepsOnlyTheNewestEntries() throws IOException {
        RuleSetLoader loader = new RuleSetLoader(Clock.systemUTC(), getClass().getClassLoader(),
                CompileCache.in(cacheFolder, null, getClass().getClassLoader(), 2), false);
        Path drl = rules.resolve("multichannel/resale.drl");
        String original = Files.readString(drl);
        for (int edit = 0; edit < 3; edit++) {
            Files.writeString(drl, original + "\n// edit " + edit + "\n");
            loader.loadFolder(rules);
        }

        assertThat(entries()).hasSize(2);
    }

    @Test
    void aDmnChangeReusesTheRuleBaseAndADrlChangeReusesTheDmnModels() throws IOException {
        RuleSetLoader loader = newLoader();
        loader.loadFolder(rules);
        Path table = rules.resolve("multichannel/AzureServicesInCsp.dmn");
        Files.writeString(table, RulesCopies.withVirtualMachinesNotOffered(Files.readString(table)));
        RuleSet dmnEdited = loader.loadFolder(rules);
        Path drl = rules.resolve("multichannel/resale.drl");
        Files.writeString(drl, Files.readString(drl) + "\n// a comment\n");

        RuleSet drlEdited = loader.loadFolder(rules);

        assertThat(dmnEdited.loadProfile().drl()).isEqualTo("reused");
        assertThat(dmnEdited.loadProfile().dmn()).isEqualTo("compiled");
        assertThat(drlEdited.loadProfile().drl()).isEqualTo("compiled");
        assertThat(drlEdited.loadProfile().dmn()).isEqualTo("reused");
        assertThat(codes(drlEdited)).contains("AZURE_SERVICES_NOT_IN_CSP");
    }

    @Test
    void theKeyChangesWithTheFilesAndNamesTheEngineVersion() throws IOException {
        List<RuleFile> drl = RuleFiles.fromFolder(rules).stream().filter(RuleFile::isDrl).toList();
        List<RuleFile> renamed = drl.stream().map(file -> file.path().endsWith("resale.drl")
                ? new RuleFile("multichannel/resell.drl", file.content(), file.sha256()) : file).toList();

        assertThat(CompileCache.key(drl)).isEqualTo(CompileCache.key(List.copyOf(drl)));
        assertThat(CompileCache.key(renamed)).isNotEqualTo(CompileCache.key(drl));
        assertThat(EngineVersion.DROOLS).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void theBuildCompiledTheBundledRulesSoAStartOnThemCompilesNothing() {
        ClassLoader classLoader = getClass().getClassLoader();
        RuleSetLoader loader = new RuleSetLoader(Clock.systemUTC(), classLoader,
                CompileCache.bundledOnly(CompileCache.BUNDLED_BASE, classLoader), false);

        RuleSet bundled = loader.load(new RuleSource.Bundled(classLoader));

        assertThat(bundled.loadProfile().drl()).isEqualTo("cache");
        assertThat(codes(bundled)).contains("AZURE_SERVICES_NOT_IN_CSP");
    }

    @Test
    void anEntryHoldingAnythingButCompiledPackagesIsRefusedBeforeItIsBuilt() throws Exception {
        List<RuleFile> drl = RuleFiles.fromFolder(rules).stream().filter(RuleFile::isDrl).toList();
        String key = CompileCache.key(drl);
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(payload)) {
            // A well-formed entry, checksum and all, whose content is not a rule package: as a forger would write it.
            out.writeObject(new java.util.ArrayList<>(List.of(new javax.management.ObjectName("policydesk:type=forged"))));
        }
        Files.createDirectories(cacheFolder);
        Files.write(cacheFolder.resolve(CompileCache.fileName(key)), CompileCache.encode(key, payload.toByteArray()));

        RuleSet loaded = newLoader().loadFolder(rules);

        assertThat(loaded.loadProfile().drl()).isEqualTo("compiled");
        assertThat(codes(loaded)).contains("AZURE_SERVICES_NOT_IN_CSP");
    }

    @Test
    void aRehearsedReloadCompilesAfreshDecidesAsTheLoadedRulesAndStoresNothing() throws IOException {
        RuleSetLoader loader = newLoader();
        RuleSet loaded = loader.loadFolder(rules);
        List<Path> entriesBefore = entries();

        RuleSet rehearsed = loader.rehearse(loaded.files());

        assertThat(rehearsed.kieBase()).isNotSameAs(loaded.kieBase());
        assertThat(rehearsed.version()).isEqualTo(loaded.version());
        assertThat(rehearsed.rules()).isEqualTo(loaded.rules());
        assertThat(codes(rehearsed)).isEqualTo(codes(loaded)).contains("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(entries()).isEqualTo(entriesBefore);
        assertThat(loader.loadFolder(rules).loadProfile().drl()).isEqualTo("reused");
    }

    @Test
    void aRehearsalOfBrokenFilesIsRefusedWithTheirProblems() throws IOException {
        Path drl = rules.resolve("multichannel/resale.drl");
        Files.writeString(drl, Files.readString(drl) + "\nrule \"broken\" when Partner( id == ) then end\n");

        assertThatThrownBy(() -> newLoader().rehearse(RuleFiles.fromFolder(rules)))
                .isInstanceOf(RuleSetException.class)
                .hasMessageContaining("resale.drl");
    }

    private RuleSetLoader newLoader() {
        return new RuleSetLoader(Clock.systemUTC(), getClass().getClassLoader(),
                CompileCache.in(cacheFolder, null, getClass().getClassLoader(), 8), false);
    }

    private Path onlyEntry() throws IOException {
        List<Path> entries = entries();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(cacheFolder)) {
            return files.filter(path -> path.toString().endsWith(".drlc")).toList();
        }
    }

    private List<String> codes(RuleSet ruleSet) {
        return engine.evaluate(ruleSet, EA_AZURE_WITH_VIRTUAL_MACHINES).recommendations().stream()
                .map(Recommendation::code).toList();
    }
}
