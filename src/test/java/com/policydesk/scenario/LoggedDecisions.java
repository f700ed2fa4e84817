package com.policydesk.scenario;

import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.LoggedDecision;
import com.policydesk.log.Redaction;
import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

/** A decision log of real decisions: requests decided on the project's rules/ and logged as the service logs them. */
final class LoggedDecisions {
    /** The project's rules, compiled once for the tests of this package that need them. */
    static final RuleSet RULES = new RuleSetLoader().loadFolder(Path.of("rules"));
    static final RequestReader READER = new RequestReader();
    static final DecisionEngine ENGINE = new DecisionEngine();

    /** The contract's example for a customer: a live third-party license of S-1 that must wait, Azure usage on S-2. */
    static final String CONTRACT_EXAMPLE = """
            { "asOf": "2026-11-23",
              "partner": { "id": "P-100", "role": "DIRECT_PARTNER" },
              "customer": { "id": "%s", "subscriptions": [
                { "id": "S-1", "offer": "Office 365 E3", "billing": "LICENSE", "channel": "THIRD_PARTY", "status": "ACTIVE", "endDate": "2027-03-31" } ] },
              "intent": { "action": "TAKE_OVER" } }
            """;

    private LoggedDecisions() {
    }

    /** Logs each request body under its decision id (the map's order) into a new log file; returns the file. */
    static Path log(Path folder, Redaction redaction, Map<String, String> bodies) throws SQLException, InterruptedException {
        DecisionLogSettings settings = DecisionLogSettings.defaults(folder.resolve("decisions.db")).withRedaction(redaction);
        try (DecisionLog log = DecisionLog.open(settings, Clock.systemUTC())) {
            bodies.forEach((decisionId, body) -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                DecisionRequest request = READER.read(bytes);
                Decision decision = ENGINE.evaluate(RULES, request);
                log.offer(LoggedDecision.of(decisionId, RULES.version(), RULES.files(), request, bytes,
                        decision.recommendations(), 1_000));
            });
        }
        return settings.file();
    }
}
