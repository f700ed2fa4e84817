package com.policydesk.engine;

import com.policydesk.model.Cloud;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Intent;
import com.policydesk.model.Partner;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.Recommendation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Small rule files for engine tests: a rule, a DMN table, a rule that asks DMN, a rule that never settles. */
public final class TestRules {
    private TestRules() {
    }

    /** Writes a rule file under the folder, making its pack's folder. */
    static void write(Path rules, String path, String content) throws IOException {
        Files.createDirectories(rules.resolve(path).getParent());
        Files.writeString(rules.resolve(path), content);
    }

    /** What the (possibly edited) greeting rule of this rule set says to customer C-1: its first message. */
    public static String greeting(DecisionEngine engine, RuleSet ruleSet) {
        DecisionRequest request = new DecisionRequest(LocalDate.of(2026, 11, 23),
                new Partner("P-1", PartnerRole.DIRECT_PARTNER, null),
                new Customer("C-1", Cloud.GLOBAL, List.of(), List.of()), Intent.takeOver());
        return engine.evaluate(ruleSet, request).recommendations().stream()
                .map(Recommendation::message).findFirst().orElseThrow();
    }

    public static final String GREETING_DRL = """
            package test;
            import com.policydesk.model.*;
            global com.policydesk.engine.Findings findings;

            rule "Greet every customer"
                @policy("T-1")
            when
                Customer( $id : id )
            then
                findings.add(Finding.general("GREETING", Kind.INFO, "Hello " + $id).with("customerId", $id));
            end
            """;

    /** Asks the Yes table about every subscription; the same answer twice must not give two recommendations. */
    static final String ASK_DMN_DRL = """
            package test;
            import com.policydesk.model.*;
            import com.policydesk.engine.DmnDecisions;
            import java.util.Map;
            global DmnDecisions dmn;
            global com.policydesk.engine.Findings findings;

            rule "Say what the table answers"
                @policy("T-2")
            when
                $s : Subscription( $offer : offer )
            then
                Object answer = dmn.decide("Yes", "Answer", Map.of("question", $offer));
                findings.add(Finding.general("ANSWER", Kind.WARNING, "The table says " + answer));
                findings.add(Finding.about($s, "ASKED", Kind.ACTION, "Asked about " + $s.id()));
            end
            """;

    static final String LOOPING_DRL = """
            package test;
            import com.policydesk.model.*;

            declare Tick
                n : int
            end

            rule "Start ticking" @policy("T-3")
            when
                Customer()
            then
                insert(new Tick(0));
            end

            rule "Tick forever" @policy("T-3")
            when
                $t : Tick()
            then
                insert(new Tick($t.getN() + 1));
            end
            """;

    /** A table: "ask" answers "yes", anything else "no". */
    static final String YES_DMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="_yes" name="Yes"
                         namespace="https://policydesk.example/dmn/test/Yes">
              <inputData id="_question" name="question">
                <variable id="_question_var" name="question" typeRef="string"/>
              </inputData>
              <decision id="_answer" name="Answer">
                <variable id="_answer_var" name="Answer" typeRef="string"/>
                <informationRequirement id="_req">
                  <requiredInput href="#_question"/>
                </informationRequirement>
                <decisionTable id="_table" hitPolicy="FIRST">
                  <input id="_in" label="question">
                    <inputExpression id="_in_expr" typeRef="string"><text>question</text></inputExpression>
                  </input>
                  <output id="_out" name="Answer" typeRef="string"/>
                  <rule id="_row_yes">
                    <inputEntry id="_row_yes_in"><text>"ask"</text></inputEntry>
                    <outputEntry id="_row_yes_out"><text>"yes"</text></outputEntry>
                  </rule>
                  <rule id="_row_no">
                    <inputEntry id="_row_no_in"><text>-</text></inputEntry>
                    <outputEntry id="_row_no_out"><text>"no"</text></outputEntry>
                  </rule>
                </decisionTable>
              </decision>
            </definitions>
            """;
}
