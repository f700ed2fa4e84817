package com.policydesk.log;

import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a decision of the standard request (bench/requests/standard.json) costs the file, its indexes included. */
class RowSizeTest {
    @TempDir
    Path folder;

    @Test
    void aDecisionOfTheStandardRequestTakesAtMost600Bytes() throws Exception {
        RuleSet rules = new RuleSetLoader().loadFolder(Path.of("rules"));
        byte[] body = Files.readAllBytes(Path.of("bench/requests/standard.json"));
        DecisionRequest request = new RequestReader().read(body);
        List<Recommendation> recommendations = new DecisionEngine().evaluate(rules, request).recommendations();
        DecisionLogSettings settings = LogFixtures.settings(folder);
        long first;
        int logged = 20_000;
        try (DecisionLog log = DecisionLog.open(settings, Clock.systemUTC())) {
            for (int i = 0; i < 1_000; i++) {
                log.offer(LoggedDecision.of(DecisionIds.next(), rules.version(), rules.files(), request, body, recommendations, 1));
            }
            assertThat(log.flush(Duration.ofSeconds(30))).isTrue();
            first = LogFixtures.liveBytes(settings.file());
            for (int i = 0; i < logged; i++) {
                log.offer(LoggedDecision.of(DecisionIds.next(), rules.version(), rules.files(), request, body, recommendations, 1));
            }
            assertThat(log.flush(Duration.ofSeconds(60))).isTrue();
        }

        assertThat(recommendations).hasSize(11);
        assertThat((LogFixtures.liveBytes(settings.file()) - first) / (double) logged).as("bytes a decision").isLessThanOrEqualTo(600);
    }
}
