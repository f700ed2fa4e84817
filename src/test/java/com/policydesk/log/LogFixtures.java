package com.policydesk.log;

import com.policydesk.engine.RuleFile;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Decisions to log, built by hand: a request read as the API reads it, and two recommendations. */
public final class LogFixtures {
    public static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final List<RuleFile> FILES = List.of(new RuleFile("pack/a.drl", "rule text".getBytes(StandardCharsets.UTF_8), "abc123"));
    private static final RequestReader READER = new RequestReader();

    private LogFixtures() {
    }

    /** A request body as a client sends it: spaced out, on several lines. */
    public static byte[] body(String customerId) {
        return """
                { "asOf": "2026-11-23",
                  "partner": { "id": "P-200", "role": "INDIRECT_RESELLER", "directPartnerId": "P-100" },
                  "customer": { "id": "%s", "delegatedAdminPartnerIds": ["P-100"],
                    "subscriptions": [ { "id": "S-1", "offer": "Office 365 E3", "billing": "LICENSE", "channel": "THIRD_PARTY",
                                         "sellerId": "X-7", "status": "ACTIVE", "endDate": "2027-03-31" } ] } }
                """.formatted(customerId).getBytes(StandardCharsets.UTF_8);
    }

    public static DecisionRequest request(String customerId) {
        return READER.read(body(customerId));
    }

    public static List<Recommendation> recommendations(String code) {
        return List.of(
                new Recommendation(code, Kind.BLOCKER, "S-1", "MC-4", "A rule", "A message naming the customer",
                        Map.of("endDate", "2027-03-31", "daysUntilEnd", 128)),
                new Recommendation("DIRECT_PARTNER_MANAGES_RELATIONSHIP", Kind.INFO, null, "MC-12", "Another rule",
                        "Another message", Map.of()));
    }

    public static LoggedDecision decision(String id, String customerId, String code, Instant at) {
        DecisionRequest request = request(customerId);
        return new LoggedDecision(id, at, "pack@000000000001", FILES, customerId, request.asOf(), body(customerId),
                recommendations(code), Duration.ofNanos(250_000).toNanos(), System.nanoTime());
    }

    public static LoggedDecision decision(String id) {
        return decision(id, "C-1", "LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL", NOW);
    }

    public static DecisionLogSettings settings(Path folder) {
        return DecisionLogSettings.defaults(folder.resolve("data/decisions.db"));
    }

    /** The bytes of the file's pages that hold data (its pages less the free ones). */
    static long liveBytes(Path file) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            return (pragma(statement, "page_count") - pragma(statement, "freelist_count")) * pragma(statement, "page_size");
        }
    }

    private static long pragma(Statement statement, String name) throws Exception {
        try (ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            return result.getLong(1);
        }
    }
}
