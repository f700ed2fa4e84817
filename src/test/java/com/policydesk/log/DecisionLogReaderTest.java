package com.policydesk.log;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static com.policydesk.log.LogFixtures.NOW;
import static com.policydesk.log.LogFixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing the log: newest first, filters, and a cursor that pages through without gaps or repeats. */
class DecisionLogReaderTest {
    @TempDir
    Path folder;
    private DecisionLogReader reader;

    @BeforeEach
    void logTenDecisions() throws Exception {
        DecisionLogSettings settings = LogFixtures.settings(folder);
        try (DecisionLog log = DecisionLog.open(settings, Clock.fixed(NOW, ZoneOffset.UTC))) {
            for (int i = 0; i < 10; i++) {
                String code = i % 2 == 0 ? "EVEN_CODE" : "ODD_CODE";
                log.offer(decision("d-" + i, i < 3 ? "C-1" : "C-2", code, NOW.minusSeconds(100 - i)));
            }
        }
        reader = new DecisionLogReader(settings.file(), Redaction.NONE);
    }

    @Test
    void listsNewestFirstAndPagesWithTheCursor() throws Exception {
        DecisionPage first = reader.list(new DecisionQuery(null, null, null, null, 4, null));
        DecisionPage second = reader.list(new DecisionQuery(null, null, null, null, 4, first.nextCursor()));
        DecisionPage last = reader.list(new DecisionQuery(null, null, null, null, 4, second.nextCursor()));

        assertThat(ids(first)).containsExactly("d-9", "d-8", "d-7", "d-6");
        assertThat(ids(second)).containsExactly("d-5", "d-4", "d-3", "d-2");
        assertThat(ids(last)).containsExactly("d-1", "d-0");
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void filtersByCustomerCodeAndTime() throws Exception {
        assertThat(ids(reader.list(new DecisionQuery("C-1", null, null, null, 100, null)))).containsExactly("d-2", "d-1", "d-0");
        assertThat(ids(reader.list(new DecisionQuery(null, "ODD_CODE", null, null, 100, null))))
                .containsExactly("d-9", "d-7", "d-5", "d-3", "d-1");
        Instant from = NOW.minusSeconds(95);
        Instant to = NOW.minusSeconds(92);
        assertThat(ids(reader.list(new DecisionQuery(null, null, from, to, 100, null)))).containsExactly("d-7", "d-6", "d-5");
        assertThat(ids(reader.list(new DecisionQuery("C-2", "EVEN_CODE", from, null, 100, null))))
                .containsExactly("d-8", "d-6");
    }

    @Test
    void aCodeIsMatchedWholeNotAsAPattern() throws Exception {
        assertThat(reader.list(new DecisionQuery(null, "ODD", null, null, 100, null)).decisions()).isEmpty();
        assertThat(reader.list(new DecisionQuery(null, "%", null, null, 100, null)).decisions()).isEmpty();
        assertThat(reader.list(new DecisionQuery(null, "ODD_COD_", null, null, 100, null)).decisions()).isEmpty();
    }

    @Test
    void theLatestAreTheNewestDecisions() throws Exception {
        assertThat(reader.latest(3)).extracting(StoredDecision::decisionId).containsExactly("d-9", "d-8", "d-7");
    }

    @Test
    void anUnknownIdIsNotFound() throws Exception {
        assertThat(reader.find("no-such-id")).isEmpty();
    }

    private static List<String> ids(DecisionPage page) {
        return page.decisions().stream().map(StoredDecision::decisionId).toList();
    }
}
