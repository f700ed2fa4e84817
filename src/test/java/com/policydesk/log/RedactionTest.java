package com.policydesk.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Set;

import static com.policydesk.log.LogFixtures.NOW;
import static com.policydesk.log.LogFixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named request fields are hashed or dropped before they reach the file. */
class RedactionTest {
    @TempDir
    Path folder;

    @Test
    void hashedAndDroppedFieldsNeverReachTheFileAndAHashedCustomerIsStillFound() throws Exception {
        Redaction redaction = new Redaction(Set.of("customer.id", "customer.delegatedAdminPartnerIds"),
                Set.of("customer.subscriptions[].sellerId", "customer.subscriptions.offer"));
        DecisionLogSettings settings = LogFixtures.settings(folder).withRedaction(redaction);
        try (DecisionLog log = DecisionLog.open(settings, Clock.fixed(NOW, ZoneOffset.UTC))) {
            log.offer(decision("d-1", "C-SECRET", "A_CODE", NOW));
        }
        DecisionLogReader reader = new DecisionLogReader(settings.file(), redaction);

        StoredDecision stored = reader.list(new DecisionQuery("C-SECRET", null, null, null, 10, null)).decisions().get(0);

        assertThat(stored.customerId()).isEqualTo(Redaction.hash("C-SECRET")).startsWith("sha256:");
        assertThat(stored.request())
                .doesNotContain("C-SECRET").doesNotContain("X-7").doesNotContain("Office 365")
                .contains("\"id\":\"" + Redaction.hash("C-SECRET") + "\"")
                .contains("\"delegatedAdminPartnerIds\":[\"" + Redaction.hash("P-100") + "\"]")
                .contains("\"directPartnerId\":\"P-100\"");
    }

    @Test
    void aDroppedCustomerIdIsNotKept() {
        assertThat(new Redaction(Set.of(), Set.of("customer.id")).customerKey("C-1")).isNull();
        assertThat(Redaction.NONE.customerKey("C-1")).isEqualTo("C-1");
    }

    @Test
    void aMalformedPathIsRefusedWithItsName() {
        assertThatThrownBy(() -> new Redaction(Set.of("customer..id"), Set.of()))
                .hasMessage("not a field path: 'customer..id' (write it as customer.id)");
    }
}
