package com.policydesk.engine;

import com.policydesk.RulesCopies;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's own rules/ folder, as the policy team edits it. */
@Execution(ExecutionMode.CONCURRENT)
class BundledRulesTest {
    private static final DecisionRequest EA_AZURE_WITH_VIRTUAL_MACHINES = new DecisionRequest(LocalDate.of(2026, 11, 23),
            new Partner("P-100", PartnerRole.DIRECT_PARTNER, null),
            new Customer("C-1", Cloud.GLOBAL, List.of(), List.of(new Subscription("S-2", "Azure plan", Billing.USAGE,
                    Channel.EA, null, SubscriptionStatus.ACTIVE, null, List.of("Virtual Machines")))),
            Intent.takeOver());

    private final RuleSetLoader loader = new RuleSetLoader();
    private final DecisionEngine engine = new DecisionEngine();

    @TempDir
    Path copy;

    @Test
    void theBundledRulesLoadWithEveryRuleCarryingAPolicyId() {
        RuleSet ruleSet = loader.loadFolder(Path.of("rules"));

        assertThat(ruleSet.version()).matches("multichannel@[0-9a-f]{12}");
        assertThat(ruleSet.rules()).extracting(RuleInfo::policy).containsOnly("MC-1", "MC-2", "MC-3", "MC-4", "MC-5",
                "MC-6", "MC-7", "MC-8", "MC-9", "MC-10", "MC-11", "MC-12");
        assertThat(ruleSet.decisionTableRows()).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void theBundledRulesCompileWithoutASingleWarning() {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            new RuleSetLoader().loadFolder(Path.of("rules"));
        } finally {
            root.removeHandler(capture);
        }

        assertThat(warnings).isEmpty();
    }

    @Test
    void changingARowOfTheAzureServicesTableChangesTheDecisionWithNoJavaChange() throws IOException {
        RulesCopies.copy(Path.of("rules"), copy);
        Path table = copy.resolve("multichannel/AzureServicesInCsp.dmn");
        RuleSet original = loader.loadFolder(copy);
        Files.writeString(table, RulesCopies.withVirtualMachinesNotOffered(Files.readString(table)));

        RuleSet edited = loader.loadFolder(copy);

        assertThat(codes(original)).doesNotContain("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(codes(edited)).contains("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(edited.version()).isNotEqualTo(original.version());
    }

    private List<String> codes(RuleSet ruleSet) {
        return engine.evaluate(ruleSet, EA_AZURE_WITH_VIRTUAL_MACHINES).recommendations().stream()
                .map(Recommendation::code).toList();
    }
}
