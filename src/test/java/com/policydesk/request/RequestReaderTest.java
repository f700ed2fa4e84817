package com.policydesk.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.model.Billing;
import com.policydesk.model.Channel;
import com.policydesk.model.Cloud;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Intent;
import com.policydesk.model.IntentAction;
import com.policydesk.model.Partner;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.Subscription;
import com.policydesk.model.SubscriptionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

import static com.policydesk.request.ReaderFixtures.error;
import static com.policydesk.request.ReaderFixtures.errorsOf;
import static com.policydesk.request.ReaderFixtures.fixture;
import static com.policydesk.request.ReaderFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Reading whole bodies: the contract's example, defaults, the body as a whole, and many problems at once. */
class RequestReaderTest {
    private final RequestReader reader = ReaderFixtures.reader();

    @Test
    void readsTheContractExampleIntoTheModel() {
        DecisionRequest request = reader.read(fixture("contract-example.json"));

        assertThat(request).isEqualTo(new DecisionRequest(
                LocalDate.of(2026, 11, 23),
                new Partner("P-200", PartnerRole.INDIRECT_RESELLER, "P-100"),
                new Customer("C-1", Cloud.GLOBAL, List.of("P-100"), List.of(
                        new Subscription("S-1", "Office 365 E3", Billing.LICENSE, Channel.THIRD_PARTY, "X-7",
                                SubscriptionStatus.ACTIVE, LocalDate.of(2027, 3, 31), List.of()),
                        new Subscription("S-2", "Azure plan", Billing.USAGE, Channel.EA, null,
                                SubscriptionStatus.ACTIVE, null, List.of("Virtual Machines", "Azure Cosmos DB")))),
                Intent.takeOver()));
    }

    @Test
    void appliesEveryDefaultToAMinimalRequest() {
        DecisionRequest request = reader.read(utf8("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" }, "customer": { "id": "C-1" } }
                """));

        assertThat(request.asOf()).as("today in UTC, not in the clock's zone").isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(request.customer().cloud()).isEqualTo(Cloud.GLOBAL);
        assertThat(request.customer().delegatedAdminPartnerIds()).isEmpty();
        assertThat(request.customer().subscriptions()).isEmpty();
        assertThat(request.intent()).isEqualTo(new Intent(IntentAction.TAKE_OVER, null, null));
    }

    @Test
    void treatsNullOnOptionalFieldsAsAbsent() {
        DecisionRequest request = reader.read(utf8("""
                {
                  "asOf": null,
                  "partner": { "id": "P-1", "role": "DIRECT_PARTNER", "directPartnerId": null },
                  "customer": {
                    "id": "C-1", "cloud": null, "delegatedAdminPartnerIds": null,
                    "subscriptions": [
                      { "id": "S-1", "offer": null, "billing": "USAGE", "channel": "CSP", "sellerId": null,
                        "status": "ACTIVE", "endDate": null, "services": null }
                    ]
                  },
                  "intent": { "action": null }
                }
                """));

        assertThat(request.asOf()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(request.customer().cloud()).isEqualTo(Cloud.GLOBAL);
        assertThat(request.customer().subscriptions()).containsExactly(
                new Subscription("S-1", null, Billing.USAGE, Channel.CSP, null, SubscriptionStatus.ACTIVE, null, List.of()));
        assertThat(request.intent()).isEqualTo(Intent.takeOver());
    }

    @Test
    void readsAResaleWithItsTargets() {
        DecisionRequest request = reader.read(utf8("""
                {
                  "asOf": "2024-02-29",
                  "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "cloud": "GERMANY" },
                  "intent": { "action": "RESELL_TO_PARTNER", "targetPartnerId": "P-9", "targetInCsp": false }
                }
                """));

        assertThat(request.asOf()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(request.customer().cloud()).isEqualTo(Cloud.GERMANY);
        assertThat(request.intent()).isEqualTo(new Intent(IntentAction.RESELL_TO_PARTNER, "P-9", false));
    }

    @Test
    void acceptsAndDropsFieldsThatDoNotApply() {
        DecisionRequest request = reader.read(utf8("""
                {
                  "partner": { "id": "P-1", "role": "DIRECT_PARTNER", "directPartnerId": "P-0" },
                  "customer": {
                    "id": "C-1",
                    "subscriptions": [
                      { "id": "S-1", "billing": "LICENSE", "channel": "OPEN", "status": "ACTIVE",
                        "services": ["Virtual Machines"] }
                    ]
                  },
                  "intent": { "action": "INVITE_CUSTOMER", "targetPartnerId": "P-9", "targetInCsp": true }
                }
                """));

        assertThat(request.partner()).isEqualTo(new Partner("P-1", PartnerRole.DIRECT_PARTNER, null));
        assertThat(request.customer().subscriptions().get(0).services()).isEmpty();
        assertThat(request.intent()).isEqualTo(new Intent(IntentAction.INVITE_CUSTOMER, null, null));
    }

    @Test
    void readsAnAlreadyParsedNodeWithPathsRelativeToIt() throws Exception {
        var node = new ObjectMapper().readTree("""
                { "partner": { "id": "P-1", "role": "direct" }, "customer": { "id": "C-1" } }
                """);

        assertThat(errorsOf(() -> reader.read(node))).containsExactly(
                error("partner.role", "must be one of DIRECT_PARTNER, INDIRECT_RESELLER"));
    }

    @Test
    void reportsEveryProblemWithItsPathNotOnlyTheFirst() {
        assertThat(errorsOf(() -> reader.read(fixture("every-problem.json")))).containsExactly(
                error("asOf", "must be a real calendar day"),
                error("partner.id", "must not be blank"),
                error("partner.role", "must be one of DIRECT_PARTNER, INDIRECT_RESELLER"),
                error("customer.id", "must be a string"),
                error("customer.cloud", "must be one of GLOBAL, GERMANY"),
                error("customer.delegatedAdminPartnerIds[1]", "must not be null"),
                error("customer.delegatedAdminPartnerIds[2]", "must be a string"),
                error("customer.subscriptions[0].endDate", "must be a date as YYYY-MM-DD"),
                error("customer.subscriptions[1].id",
                        "duplicate subscription id 'S-1' (first at customer.subscriptions[0].id)"),
                error("customer.subscriptions[1].channel", "is required"),
                error("customer.subscriptions[1].status", "must not be null"),
                error("customer.subscriptions[1].services[1]", "must be a string"),
                error("customer.subscriptions[1].chanel", "unknown field 'chanel'"),
                error("intent.targetPartnerId", "is required when intent.action is RESELL_TO_PARTNER"),
                error("intent.targetInCsp", "must be a boolean"),
                error("explain", "unknown field 'explain'"));
    }

    @Test
    void reportsAnEmptyBodyAtTheRoot() {
        assertThat(errorsOf(() -> reader.read(new byte[0]))).containsExactly(error("", "body must not be empty"));
        assertThat(errorsOf(() -> reader.read((byte[]) null))).containsExactly(error("", "body must not be empty"));
        assertThat(errorsOf(() -> reader.read(utf8(" \n\t ")))).containsExactly(error("", "body must not be empty"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"partner\": {}}]", "\"a request\"", "42", "true", "null"})
    void reportsABodyThatIsNotAnObjectAtTheRoot(String json) {
        assertThat(errorsOf(() -> reader.read(utf8(json)))).containsExactly(error("", "must be a JSON object"));
    }

    @Test
    void reportsABodyThatIsNotJsonWithWhereItBreaks() {
        assertThat(errorsOf(() -> reader.read(utf8("""
                { "partner": { "id": "P-1", }
                """)))).containsExactly(error("", "body is not valid JSON (line 1, column 29)"));
    }

    @Test
    void reportsATruncatedBody() {
        assertThat(errorsOf(() -> reader.read(utf8("{ \"partner\": ")))).singleElement()
                .satisfies(e -> assertThat(e.path()).isEmpty())
                .satisfies(e -> assertThat(e.message()).startsWith("body is not valid JSON"));
    }

    @Test
    void reportsContentAfterTheObjectAsNotJson() {
        assertThat(errorsOf(() -> reader.read(utf8("{} {}"))))
                .containsExactly(error("", "body is not valid JSON (line 1, column 4)"));
    }

    @Test
    void reportsBytesThatAreNotUtf8AsNotJson() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(errorsOf(() -> reader.read(body))).singleElement()
                .satisfies(e -> assertThat(e.path()).isEmpty())
                .satisfies(e -> assertThat(e.message()).startsWith("body is not valid JSON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ 'partner': {} }", "{ \"partner\": {} // comment\n }", "{ \"asOf\": NaN }",
            "{ \"asOf\": 007 }"})
    void refusesWhatIsNotStrictJson(String json) {
        assertThat(errorsOf(() -> reader.read(utf8(json)))).singleElement()
                .satisfies(e -> assertThat(e.path()).isEmpty())
                .satisfies(e -> assertThat(e.message()).startsWith("body is not valid JSON"));
    }

    @Test
    void reportsAValueLongerThanTheParserAllowsAtTheRoot() {
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.putObject("partner").put("id", new BigInteger("9".repeat(1001))).put("role", "DIRECT_PARTNER");

        assertThat(errorsOf(() -> reader.read(utf8(body.toString()))))
                .containsExactly(error("", "body holds a number, string or field name that is too long"));
    }

    @Test
    void reportsAbsurdNestingAtTheRoot() {
        var mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode deepest = root.putArray("partner");
        for (int level = 0; level < 100; level++) {
            deepest = deepest.addArray();
        }

        assertThat(errorsOf(() -> reader.read(utf8(root.toString()))))
                .containsExactly(error("", "body is nested too deeply (at most 32 levels)"));
    }

    @Test
    void acceptsNestingUpToTheLimitAndNoFurther() {
        var shallow = new RequestReader(Clock.systemUTC(), 5);
        // root, customer, subscriptions, a subscription, its services: five levels.
        byte[] fiveLevels = utf8("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": "S-1", "billing": "USAGE", "channel": "EA", "status": "ACTIVE", "services": ["VM"] } ] } }
                """);
        byte[] sixLevels = utf8("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": "S-1", "billing": "USAGE", "channel": "EA", "status": "ACTIVE", "services": [["VM"]] } ] } }
                """);

        assertThat(shallow.read(fiveLevels).customer().subscriptions()).hasSize(1);
        assertThat(errorsOf(() -> shallow.read(sixLevels)))
                .containsExactly(error("", "body is nested too deeply (at most 5 levels)"));
    }

    @Test
    void checksNestingInsideADuplicateKeysDroppedValueToo() {
        var shallow = new RequestReader(Clock.systemUTC(), 3);

        assertThat(errorsOf(() -> shallow.read(utf8("""
                { "partner": {}, "partner": { "a": { "b": { "c": 1 } } } }
                """)))).containsExactly(error("", "body is nested too deeply (at most 3 levels)"));
    }

    @Test
    void refusesANestingLimitOutsideItsRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RequestReader(Clock.systemUTC(), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new RequestReader(Clock.systemUTC(), 1001));
    }

    @Test
    void isSafeToShareBetweenThreads() {
        byte[] body = fixture("contract-example.json");
        DecisionRequest expected = reader.read(body);

        List<DecisionRequest> read = IntStream.range(0, 500).parallel().mapToObj(i -> reader.read(body)).toList();

        assertThat(read).allMatch(expected::equals);
    }
}
