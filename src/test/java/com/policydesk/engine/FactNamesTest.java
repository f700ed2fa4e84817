package com.policydesk.engine;

import com.policydesk.model.Billing;
import com.policydesk.model.Channel;
import com.policydesk.model.Cloud;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Intent;
import com.policydesk.model.Partner;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.Subscription;
import com.policydesk.model.SubscriptionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace names facts as the contract does, whatever Java class carries them. */
class FactNamesTest {
    private static final String RULES = """
            package test;
            import com.policydesk.model.*;
            import java.util.List;
            global com.policydesk.engine.Findings findings;

            declare Tier
                name : String
            end

            rule "Customers with subscriptions are gold"
                @policy("T-1")
            when
                Customer( !subscriptions.isEmpty() )
            then
                insert(new Tier("gold"));
            end

            rule "Gold customers' subscriptions are listed"
                @policy("T-2")
            when
                $request : DecisionRequest()
                Partner()
                Intent()
                $customer : Customer()
                $tier : Tier()
                $ids : List( !isEmpty() ) from accumulate( Subscription( $id : id ), collectList( $id ) )
            then
                findings.add(Finding.general("GOLD", Kind.INFO, "gold: " + $ids));
            end
            """;

    @TempDir
    Path rules;

    @Test
    void requestFactsGoByTheirContractNamesDeclaredFactsByTheirDeclaredNameAndCollectedValuesAsList() throws IOException {
        TestRules.write(rules, "pack/tiers.drl", RULES);
        Subscription subscription = new Subscription("S-1", null, Billing.LICENSE, Channel.EA, null,
                SubscriptionStatus.ACTIVE, null, List.of());
        DecisionRequest request = new DecisionRequest(LocalDate.of(2026, 11, 23), new Partner("P-1", PartnerRole.DIRECT_PARTNER, null),
                new Customer("C-1", Cloud.GLOBAL, List.of(), List.of(subscription)), Intent.takeOver());

        Decision decision = new DecisionEngine(1_000).evaluate(new RuleSetLoader().loadFolder(rules), request, true);

        FiredRule listed = decision.firedRules().stream().filter(fired -> fired.policy().equals("T-2")).findFirst().orElseThrow();
        assertThat(listed.facts()).extracting(FactNames::of)
                .containsExactlyInAnyOrder("Request", "Partner", "Intent", "Customer", "Tier", "List");
        assertThat(FactNames.of(subscription)).isEqualTo("Subscription");
        assertThat(FactNames.of("a string")).isEqualTo("Value");
    }
}
