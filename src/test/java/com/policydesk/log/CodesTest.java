package com.policydesk.log;

import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CodesTest {

    @Test
    void theColumnNamesEachCodeOnceInTheOrderFirstSeenBetweenSpaces() {
        assertThat(Codes.column(recommendations("B_CODE", "A_CODE", "B_CODE", "A_CODE"))).isEqualTo(" B_CODE A_CODE ");
    }

    @Test
    void aCodeThatIsPartOfAnotherIsStillItsOwnCode() {
        assertThat(Codes.column(recommendations("AZURE_REBUILD_IN_CSP", "REBUILD_IN_CSP", "AZURE_REBUILD", "REBUILD_IN_CSP")))
                .isEqualTo(" AZURE_REBUILD_IN_CSP REBUILD_IN_CSP AZURE_REBUILD ");
    }

    @Test
    void aDecisionWithoutRecommendationsHasABlankColumn() {
        assertThat(Codes.column(List.of())).isEqualTo(" ");
    }

    @Test
    void thePatternFindsACodeAndEscapesTheWildcardsOfLike() {
        assertThat(Codes.pattern("A_B")).isEqualTo("% A\\_B %");
    }

    private static List<Recommendation> recommendations(String... codes) {
        return Arrays.stream(codes)
                .map(code -> new Recommendation(code, Kind.INFO, "S-1", "MC-1", "rule", "message", Map.of()))
                .toList();
    }
}
