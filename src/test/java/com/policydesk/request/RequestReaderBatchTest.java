package com.policydesk.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.error.FieldError;
import com.policydesk.model.PartnerRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.policydesk.request.ReaderFixtures.error;
import static com.policydesk.request.ReaderFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** A batch: a bad envelope refuses the whole call; a bad item is that item's problem alone. */
class RequestReaderBatchTest {
    private final RequestReader reader = ReaderFixtures.reader();

    private List<FieldError> envelopeErrorsOf(String json) {
        return ReaderFixtures.errorsOf(() -> reader.readBatch(utf8(json)));
    }

    private static List<FieldError> itemErrors(BatchItem item) {
        assertThat(item).isInstanceOf(BatchItem.Invalid.class);
        return ((BatchItem.Invalid) item).error().errors();
    }

    @Test
    void readsEachItemOnItsOwnInOrderWithPathsRelativeToTheItem() {
        List<BatchItem> items = reader.readBatch(utf8("""
                { "requests": [
                  { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" }, "customer": { "id": "C-1" } },
                  { "partner": { "id": "P-2", "role": "RESELLER" }, "customer": { "id": "C-2", "x": 1 } },
                  "not a request",
                  null,
                  { "partner": { "id": "P-5", "role": "INDIRECT_RESELLER", "directPartnerId": "P-1" },
                    "customer": { "id": "C-5" } }
                ] }
                """));

        assertThat(items).hasSize(5);
        assertThat(items.get(0)).isInstanceOfSatisfying(BatchItem.Valid.class,
                valid -> assertThat(valid.request().partner().id()).isEqualTo("P-1"));
        assertThat(itemErrors(items.get(1))).containsExactly(
                error("partner.role", "must be one of DIRECT_PARTNER, INDIRECT_RESELLER"),
                error("customer.x", "unknown field 'x'"));
        assertThat(itemErrors(items.get(2))).containsExactly(error("", "must be a JSON object"));
        assertThat(itemErrors(items.get(3))).containsExactly(error("", "must be a JSON object"));
        assertThat(items.get(4)).isInstanceOfSatisfying(BatchItem.Valid.class,
                valid -> assertThat(valid.request().partner().role()).isEqualTo(PartnerRole.INDIRECT_RESELLER));
    }

    @Test
    void reportsADuplicateKeyInAnItemOnThatItemAlone() {
        List<BatchItem> items = reader.readBatch(utf8("""
                { "requests": [
                  { "partner": { "id": "P-1", "role": "DIRECT_PARTNER" }, "customer": { "id": "C-1" } },
                  { "partner": { "id": "P-2", "role": "DIRECT_PARTNER", "role": "DIRECT_PARTNER" },
                    "customer": { "id": "C-2", "subscriptions": [ { "id": "S-1", "id": "S-2" } ] } }
                ] }
                """));

        assertThat(items.get(0)).isInstanceOf(BatchItem.Valid.class);
        assertThat(itemErrors(items.get(1))).containsExactly(
                error("partner.role", "duplicate field 'role'"),
                error("customer.subscriptions[0].id", "duplicate field 'id'"),
                error("customer.subscriptions[0].billing", "is required"),
                error("customer.subscriptions[0].channel", "is required"),
                error("customer.subscriptions[0].status", "is required"));
    }

    @Test
    void acceptsAnEmptyBatch() {
        assertThat(reader.readBatch(utf8("""
                { "requests": [] }
                """))).isEmpty();
    }

    @Test
    void refusesAnEnvelopeWithoutRequests() {
        assertThat(envelopeErrorsOf("{}")).containsExactly(error("requests", "is required"));
        assertThat(envelopeErrorsOf("""
                { "requests": null }
                """)).containsExactly(error("requests", "must not be null"));
        assertThat(envelopeErrorsOf("""
                { "requests": { "partner": {} } }
                """)).containsExactly(error("requests", "must be an array"));
    }

    @Test
    void refusesUnknownAndDuplicateKeysInTheEnvelope() {
        assertThat(envelopeErrorsOf("""
                { "request": [], "options": { "explain": true } }
                """)).containsExactly(
                error("requests", "is required"),
                error("request", "unknown field 'request'"),
                error("options", "unknown field 'options'"));
        assertThat(envelopeErrorsOf("""
                { "requests": [], "requests": [ {} ] }
                """)).containsExactly(error("requests", "duplicate field 'requests'"));
    }

    @Test
    void refusesAnEnvelopeThatIsNoObjectOrNoJson() {
        assertThat(envelopeErrorsOf("""
                [ { "partner": {} } ]
                """)).containsExactly(error("", "must be a JSON object"));
        assertThat(envelopeErrorsOf("")).containsExactly(error("", "body must not be empty"));
        assertThat(envelopeErrorsOf("""
                { "requests": [ { "partner": } ] }
                """)).singleElement().satisfies(e -> assertThat(e.path()).isEmpty())
                .satisfies(e -> assertThat(e.message()).startsWith("body is not valid JSON"));
    }

    @Test
    void refusesMoreThanAThousandRequests() {
        assertThat(reader.readBatch(utf8(batchOf(1000)))).hasSize(1000);
        assertThat(envelopeErrorsOf(batchOf(1001)))
                .containsExactly(error("requests", "at most 1000 requests are allowed (got 1001)"));
    }

    private static String batchOf(int count) {
        ObjectNode body = new ObjectMapper().createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (int i = 0; i < count; i++) {
            ObjectNode request = requests.addObject();
            request.putObject("partner").put("id", "P-1").put("role", "DIRECT_PARTNER");
            request.putObject("customer").put("id", "C-" + i);
        }
        return body.toString();
    }
}
