package com.policydesk.log;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision ids are version 7 UUIDs: later ids sort after earlier ones. */
class DecisionIdsTest {
    @Test
    void anIdOfALaterMillisecondSortsAfterAndIsAVersion7Uuid() {
        String earlier = DecisionIds.next(1_764_000_000_000L);
        String later = DecisionIds.next(1_764_000_000_001L);

        assertThat(later).isGreaterThan(earlier);
        UUID parsed = UUID.fromString(later);
        assertThat(parsed.version()).isEqualTo(7);
        assertThat(parsed.variant()).isEqualTo(2);
        assertThat(parsed.getMostSignificantBits() >>> 16).isEqualTo(1_764_000_000_001L);
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        assertThat(DecisionIds.next(5L)).isNotEqualTo(DecisionIds.next(5L));
    }

    @Test
    void aNamedIdIsTheSameForTheSameMessageAndAVersion7UuidOfItsTime() {
        String id = DecisionIds.of(1_764_000_000_000L, "group/requests/3/1041");

        assertThat(DecisionIds.of(1_764_000_000_000L, "group/requests/3/1041")).isEqualTo(id);
        assertThat(DecisionIds.of(1_764_000_000_000L, "group/requests/3/1042")).isNotEqualTo(id);
        UUID parsed = UUID.fromString(id);
        assertThat(parsed.version()).isEqualTo(7);
        assertThat(parsed.variant()).isEqualTo(2);
        assertThat(parsed.getMostSignificantBits() >>> 16).isEqualTo(1_764_000_000_000L);
    }
}
