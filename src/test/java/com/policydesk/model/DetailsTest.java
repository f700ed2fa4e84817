package com.policydesk.model;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetailsTest {
    private static final Subscription SUBSCRIPTION = new Subscription("S-1", "Office 365 E3", Billing.LICENSE,
            Channel.MICROSOFT_DIRECT, null, SubscriptionStatus.ACTIVE, null, null);

    @Test
    void aFindingKeepsItsDetailsInTheOrderTheRuleAddedThem() {
        Finding finding = Finding.about(SUBSCRIPTION, "CODE", Kind.INFO, "message")
                .with("endDate", LocalDate.of(2027, 1, 15))
                .with("daysUntilEnd", 53)
                .with("services", List.of("a", "b"));

        assertThat(finding.details()).containsExactly(
                Map.entry("endDate", LocalDate.of(2027, 1, 15)),
                Map.entry("daysUntilEnd", 53),
                Map.entry("services", List.of("a", "b")));
    }

    @Test
    void aNullValueIsLeftOutAndAnAddedKeyKeepsItsPlaceWithTheNewValue() {
        Finding finding = Finding.general("CODE", Kind.INFO, "message")
                .with("first", 1).with("missing", null).with("second", 2).with("first", 3);

        assertThat(finding.details()).containsExactly(Map.entry("first", 3), Map.entry("second", 2));
    }

    @Test
    void addingADetailLeavesTheEarlierFindingAsItWas() {
        Finding before = Finding.general("CODE", Kind.INFO, "message").with("first", 1);
        Finding after = before.with("second", 2);

        assertThat(before.details()).containsExactly(Map.entry("first", 1));
        assertThat(after.details()).hasSize(2);
    }

    @Test
    void detailsCannotBeChangedFromOutside() {
        Map<String, Object> given = new LinkedHashMap<>(Map.of("key", "value"));
        Finding finding = new Finding("CODE", Kind.INFO, null, "message", given);
        given.put("other", "value");

        assertThat(finding.details()).containsOnlyKeys("key");
        assertThatThrownBy(() -> finding.details().put("other", "value"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void detailsEqualAMapWithTheSameEntriesAndARecommendationTakesThemAsTheyAre() {
        Finding finding = Finding.general("CODE", Kind.INFO, "message").with("a", 1).with("b", "two");
        Recommendation recommendation = new Recommendation(finding.code(), finding.kind(), null, "MC-1", "rule",
                finding.message(), finding.details());

        assertThat(recommendation.details()).isSameAs(finding.details())
                .isEqualTo(Map.of("a", 1, "b", "two"));
        assertThat(Map.of("a", 1, "b", "two")).isEqualTo(recommendation.details());
        assertThat(recommendation.details().hashCode()).isEqualTo(Map.of("a", 1, "b", "two").hashCode());
    }

    @Test
    void missingDetailsAreEmpty() {
        assertThat(new Finding("CODE", Kind.INFO, null, "message", null).details()).isEmpty();
        assertThat(Details.copyOf(Map.of()).get("anything")).isNull();
    }
}
