package com.policydesk.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.error.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.policydesk.request.ReaderFixtures.error;
import static com.policydesk.request.ReaderFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** One class of bad input at a time, each with its exact path and message. */
class RequestReaderFieldErrorsTest {
    private final RequestReader reader = ReaderFixtures.reader();

    private List<FieldError> errorsOf(String json) {
        return ReaderFixtures.errorsOf(() -> reader.read(utf8(json)));
    }

    @Test
    void reportsMissingRequiredFields() {
        assertThat(errorsOf("""
                { "customer": { "subscriptions": [ {} ] } }
                """)).containsExactly(
                error("partner", "is required"),
                error("customer.id", "is required"),
                error("customer.subscriptions[0].id", "is required"),
                error("customer.subscriptions[0].billing", "is required"),
                error("customer.subscriptions[0].channel", "is required"),
                error("customer.subscriptions[0].status", "is required"));
    }

    @Test
    void reportsNullOnRequiredFields() {
        assertThat(errorsOf("""
                { "partner": { "id": null, "role": null }, "customer": null }
                """)).containsExactly(
                error("partner.id", "must not be null"),
                error("partner.role", "must not be null"),
                error("customer", "must not be null"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "\u2003"})
    void reportsEmptyOrBlankRequiredStrings(String blank) throws Exception {
        ObjectNode body = new ObjectMapper().readValue("""
                { "partner": { "role": "DIRECT_PARTNER" }, "customer": { "id": "C-1" } }
                """, ObjectNode.class);
        ((ObjectNode) body.get("partner")).put("id", blank);

        assertThat(errorsOf(body.toString())).containsExactly(error("partner.id", "must not be blank"));
    }

    @Test
    void acceptsEmptyOptionalStrings() {
        assertThat(reader.read(utf8("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": "S-1", "offer": "", "billing": "LICENSE", "channel": "OPEN", "status": "ACTIVE" } ] } }
                """)).customer().subscriptions().get(0).offer()).isEmpty();
    }

    @Test
    void reportsValuesOfTheWrongType() {
        assertThat(errorsOf("""
                {
                  "asOf": 20261123,
                  "partner": { "id": 200, "role": 1 },
                  "customer": {
                    "id": ["C-1"],
                    "delegatedAdminPartnerIds": "P-100",
                    "subscriptions": [
                      { "id": "S-1", "offer": false, "billing": "LICENSE", "channel": "EA", "sellerId": 7.5,
                        "status": "ACTIVE", "endDate": { "year": 2027 }, "services": "Virtual Machines" }
                    ]
                  },
                  "intent": { "action": "RESELL_TO_PARTNER", "targetPartnerId": 9, "targetInCsp": "true" }
                }
                """)).containsExactly(
                error("asOf", "must be a date as YYYY-MM-DD"),
                error("partner.id", "must be a string"),
                error("partner.role", "must be one of DIRECT_PARTNER, INDIRECT_RESELLER"),
                error("customer.id", "must be a string"),
                error("customer.delegatedAdminPartnerIds", "must be an array"),
                error("customer.subscriptions[0].offer", "must be a string"),
                error("customer.subscriptions[0].sellerId", "must be a string"),
                error("customer.subscriptions[0].endDate", "must be a date as YYYY-MM-DD"),
                error("customer.subscriptions[0].services", "must be an array"),
                error("intent.targetPartnerId", "must be a string"),
                error("intent.targetInCsp", "must be a boolean"));
    }

    @Test
    void reportsObjectsAndArraysOfTheWrongType() {
        assertThat(errorsOf("""
                { "partner": "P-1", "customer": { "id": "C-1", "subscriptions": { "id": "S-1" } }, "intent": [] }
                """)).containsExactly(
                error("partner", "must be an object"),
                error("customer.subscriptions", "must be an array"),
                error("intent", "must be an object"));
    }

    @Test
    void reportsNumbersThatDoNotFitAnyJavaTypeAsTheWrongTypeToo() {
        assertThat(errorsOf("""
                { "partner": { "id": 123456789012345678901234567890, "role": "DIRECT_PARTNER" },
                  "customer": { "id": 1e999999999 } }
                """)).containsExactly(
                error("partner.id", "must be a string"),
                error("customer.id", "must be a string"));
    }

    @Test
    void reportsNullAndWrongTypeArrayElementsAtTheirIndex() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "delegatedAdminPartnerIds": [null],
                    "subscriptions": [
                      null,
                      "S-2",
                      { "id": "S-3", "billing": "USAGE", "channel": "EA", "status": "ACTIVE",
                        "services": ["a", 3, null, {}] }
                    ] } }
                """)).containsExactly(
                error("customer.delegatedAdminPartnerIds[0]", "must not be null"),
                error("customer.subscriptions[0]", "must not be null"),
                error("customer.subscriptions[1]", "must be an object"),
                error("customer.subscriptions[2].services[1]", "must be a string"),
                error("customer.subscriptions[2].services[2]", "must not be null"),
                error("customer.subscriptions[2].services[3]", "must be a string"));
    }

    @Test
    void reportsUnknownFieldsAtEveryLevelByName() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER", "Role": "x" },
                  "customer": { "id": "C-1", "tenant": "t",
                    "subscriptions": [ { "id": "S-1", "billing": "LICENSE", "chanel": "EA", "status": "ACTIVE" } ] },
                  "intent": { "action": "TAKE_OVER", "why": null },
                  "asof": "2026-11-23" }
                """)).containsExactly(
                error("partner.Role", "unknown field 'Role'"),
                error("customer.subscriptions[0].channel", "is required"),
                error("customer.subscriptions[0].chanel", "unknown field 'chanel'"),
                error("customer.tenant", "unknown field 'tenant'"),
                error("intent.why", "unknown field 'why'"),
                error("asof", "unknown field 'asof'"));
    }

    @Test
    void listsTheAllowedValuesOfEachEnumInDeclarationOrder() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "direct_partner" },
                  "customer": { "id": "C-1", "cloud": "Global",
                    "subscriptions": [ { "id": "S-1", "billing": "Usage", "channel": "csp", "status": "active" } ] },
                  "intent": { "action": "TAKEOVER" } }
                """)).containsExactly(
                error("partner.role", "must be one of DIRECT_PARTNER, INDIRECT_RESELLER"),
                error("customer.cloud", "must be one of GLOBAL, GERMANY"),
                error("customer.subscriptions[0].billing", "must be one of LICENSE, USAGE"),
                error("customer.subscriptions[0].channel",
                        "must be one of MICROSOFT_DIRECT, ADVISOR, OPEN, EA, THIRD_PARTY, SYNDICATION, CSP"),
                error("customer.subscriptions[0].status", "must be one of ACTIVE, SUSPENDED, EXPIRED, CANCELLED"),
                error("intent.action", "must be one of TAKE_OVER, RESELL_TO_PARTNER, INVITE_CUSTOMER"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-1-5", "2026-01-5", "26-01-05", "2026/01/05", "2026-01-05T00:00", " 2026-01-05",
            "+2026-01-05", "20260105", "", "2026-٠١-٠٥"})
    void reportsDatesNotWrittenAsYyyyMmDd(String date) throws Exception {
        assertThat(errorsOf(requestWithAsOf(date))).containsExactly(error("asOf", "must be a date as YYYY-MM-DD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00"})
    void reportsDatesThatAreNoRealCalendarDay(String date) throws Exception {
        assertThat(errorsOf(requestWithAsOf(date))).containsExactly(error("asOf", "must be a real calendar day"));
    }

    private static String requestWithAsOf(String date) throws Exception {
        ObjectNode body = new ObjectMapper().readValue("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" }, "customer": { "id": "C-1" } }
                """, ObjectNode.class);
        body.put("asOf", date);
        return body.toString();
    }

    @Test
    void reportsAKeyThatAppearsTwiceAtItsPathWithTheOtherProblems() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER", "id": "P-2" },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": "S-1", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" },
                    { "id": "S-2", "billing": "LICENSE", "billing": "USAGE", "channel": "EA", "status": "GONE" } ] },
                  "asOf": "2026-11-23",
                  "asOf": "2026-11-24" }
                """)).containsExactly(
                error("partner.id", "duplicate field 'id'"),
                error("customer.subscriptions[1].billing", "duplicate field 'billing'"),
                error("asOf", "duplicate field 'asOf'"),
                error("customer.subscriptions[1].status", "must be one of ACTIVE, SUSPENDED, EXPIRED, CANCELLED"));
    }

    @Test
    void reportsADuplicateKeyButNothingInsideTheValueItDrops() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "partner": { "id": "P-2", "id": "P-3", "role": 5 },
                  "customer": { "id": "C-1" } }
                """)).containsExactly(error("partner", "duplicate field 'partner'"));
    }

    @Test
    void reportsMoreThanAThousandSubscriptionsOnTheList() {
        assertThat(reader.read(utf8(requestWithSubscriptions(1000))).customer().subscriptions()).hasSize(1000);
        assertThat(errorsOf(requestWithSubscriptions(1001))).containsExactly(
                error("customer.subscriptions", "at most 1000 subscriptions are allowed (got 1001)"));
    }

    private static String requestWithSubscriptions(int count) {
        var mapper = new ObjectMapper();
        ObjectNode body = mapper.createObjectNode();
        body.putObject("partner").put("id", "P-1").put("role", "DIRECT_PARTNER");
        ObjectNode customer = body.putObject("customer").put("id", "C-1");
        ArrayNode subscriptions = customer.putArray("subscriptions");
        for (int i = 1; i <= count; i++) {
            subscriptions.addObject().put("id", "S-" + i).put("billing", "LICENSE").put("channel", "EA")
                    .put("status", "ACTIVE");
        }
        return body.toString();
    }

    @Test
    void reportsEachDuplicateSubscriptionIdAtTheLaterOne() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": "S-1", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" },
                    { "id": "S-2", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" },
                    { "id": "s-1", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" },
                    { "id": "S-1", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" },
                    { "id": "S-1", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" } ] } }
                """)).containsExactly(
                error("customer.subscriptions[3].id",
                        "duplicate subscription id 'S-1' (first at customer.subscriptions[0].id)"),
                error("customer.subscriptions[4].id",
                        "duplicate subscription id 'S-1' (first at customer.subscriptions[0].id)"));
    }

    @Test
    void requiresTheDirectPartnerOfAnIndirectReseller() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-2", "role": "INDIRECT_RESELLER" }, "customer": { "id": "C-1" } }
                """)).containsExactly(
                error("partner.directPartnerId", "is required when partner.role is INDIRECT_RESELLER"));
        assertThat(errorsOf("""
                { "partner": { "id": "P-2", "role": "INDIRECT_RESELLER", "directPartnerId": null },
                  "customer": { "id": "C-1" } }
                """)).containsExactly(
                error("partner.directPartnerId", "is required when partner.role is INDIRECT_RESELLER"));
        assertThat(errorsOf("""
                { "partner": { "id": "P-2", "role": "INDIRECT_RESELLER", "directPartnerId": " " },
                  "customer": { "id": "C-1" } }
                """)).containsExactly(error("partner.directPartnerId", "must not be blank"));
    }

    @Test
    void requiresTheTargetOfAResale() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" }, "customer": { "id": "C-1" },
                  "intent": { "action": "RESELL_TO_PARTNER", "targetInCsp": null } }
                """)).containsExactly(
                error("intent.targetPartnerId", "is required when intent.action is RESELL_TO_PARTNER"),
                error("intent.targetInCsp", "is required when intent.action is RESELL_TO_PARTNER"));
    }

    @Test
    void doesNotDemandWhatDependsOnAWrongValue() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-2", "role": "RESELLER" }, "customer": { "id": "C-1" },
                  "intent": { "action": "RESELL" } }
                """)).containsExactly(
                error("partner.role", "must be one of DIRECT_PARTNER, INDIRECT_RESELLER"),
                error("intent.action", "must be one of TAKE_OVER, RESELL_TO_PARTNER, INVITE_CUSTOMER"));
    }

    @Test
    void leavesSubscriptionsWithABadIdOutOfTheDuplicateCheck() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": " ", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" },
                    { "id": " ", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE" } ] } }
                """)).containsExactly(
                error("customer.subscriptions[0].id", "must not be blank"),
                error("customer.subscriptions[1].id", "must not be blank"));
    }

    @Test
    void stillChecksTheTypeOfAFieldThatDoesNotApply() {
        assertThat(errorsOf("""
                { "partner": { "id": "P-1", "role": "DIRECT_PARTNER", "directPartnerId": 100 },
                  "customer": { "id": "C-1", "subscriptions": [
                    { "id": "S-1", "billing": "LICENSE", "channel": "EA", "status": "ACTIVE", "services": [1] } ] },
                  "intent": { "action": "TAKE_OVER", "targetInCsp": "no" } }
                """)).containsExactly(
                error("partner.directPartnerId", "must be a string"),
                error("customer.subscriptions[0].services[0]", "must be a string"),
                error("intent.targetInCsp", "must be a boolean"));
    }
}
