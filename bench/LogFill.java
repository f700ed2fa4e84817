import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.log.Admission;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.LoggedDecision;
import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a decision log with N decisions for the replay bench (bench/replay.sh), as the service logs them: request
 * bodies varied from the standard request (the subscriptions' channels, statuses, services and sellers, the partner's
 * role, the intent), 256 variants each decided once on rules/, then logged N times under new customer ids.
 *
 *   java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*" bench/LogFill.java FILE N
 */
public class LogFill {
    private static final String[] CHANNELS = {"MICROSOFT_DIRECT", "ADVISOR", "OPEN", "EA", "THIRD_PARTY", "SYNDICATION", "CSP"};
    private static final String[] STATUSES = {"ACTIVE", "ACTIVE", "ACTIVE", "SUSPENDED", "EXPIRED", "CANCELLED"};
    private static final String[] SERVICES = {"\"Virtual Machines\"", "\"Azure Cosmos DB\"", "\"Cloud Services (classic)\"",
            "\"App Service\"", "\"Storage\"", "\"Quantum Toaster\""};
    private static final String[] INTENTS = {"{\"action\":\"TAKE_OVER\"}", "{\"action\":\"INVITE_CUSTOMER\"}",
            "{\"action\":\"RESELL_TO_PARTNER\",\"targetPartnerId\":\"P-500\",\"targetInCsp\":true}"};
    private static final int VARIANTS = 256;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long count = Long.parseLong(args[1]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        RuleSet rules = new RuleSetLoader().loadFolder(Path.of("rules"));
        DecisionEngine engine = new DecisionEngine();
        RequestReader reader = new RequestReader();
        Random random = new Random(42);
        List<String> bodies = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < VARIANTS; i++) {
            String body = variant(random);
            bodies.add(body);
            decisions.add(engine.evaluate(rules, reader.read(body.getBytes(StandardCharsets.UTF_8))));
        }
        DecisionLogSettings settings = DecisionLogSettings.defaults(file).withQueueCapacity(50_000)
                .withRetention(java.time.Duration.ofDays(30), 8L << 30);
        long started = System.nanoTime();
        try (DecisionLog log = DecisionLog.open(settings, Clock.systemUTC())) {
            for (long n = 0; n < count; n++) {
                int v = (int) (n % VARIANTS);
                byte[] body = bodies.get(v).replace("\"C-ID\"", "\"C-" + n + "\"").getBytes(StandardCharsets.UTF_8);
                DecisionRequest request = reader.read(body);
                LoggedDecision decision = LoggedDecision.of(UUID.randomUUID().toString(), rules.version(), rules.files(),
                        request, body, decisions.get(v).recommendations(), 300_000);
                while (log.offer(decision) == Admission.REFUSED) {
                    Thread.sleep(1); // the writer catches up; a bench fill, not a test
                }
            }
        }
        System.out.printf("[replay] logged %,d decisions in %d s into %s (%,d bytes)%n", count,
                (System.nanoTime() - started) / 1_000_000_000L, file, Files.size(file));
    }

    private static String variant(Random random) {
        boolean indirect = random.nextBoolean();
        StringBuilder subscriptions = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int s = 1; s <= n; s++) {
            boolean usage = random.nextInt(3) == 0;
            String channel = CHANNELS[random.nextInt(CHANNELS.length)];
            subscriptions.append(s > 1 ? "," : "").append("{\"id\":\"S-").append(s).append("\",\"offer\":\"")
                    .append(usage ? "Azure plan" : "Office 365 E3").append("\",\"billing\":\"").append(usage ? "USAGE" : "LICENSE")
                    .append("\",\"channel\":\"").append(channel).append("\",\"status\":\"")
                    .append(STATUSES[random.nextInt(STATUSES.length)]).append('"');
            if (random.nextBoolean()) {
                subscriptions.append(",\"sellerId\":\"").append(random.nextBoolean() ? "P-200" : "P-3" + random.nextInt(10)).append('"');
            }
            if (usage) {
                subscriptions.append(",\"services\":[").append(SERVICES[random.nextInt(SERVICES.length)]).append(',')
                        .append(SERVICES[random.nextInt(SERVICES.length)]).append(']');
            } else {
                subscriptions.append(",\"endDate\":\"202").append(6 + random.nextInt(2)).append("-0").append(1 + random.nextInt(9)).append("-15\"");
            }
            subscriptions.append('}');
        }
        String partner = indirect ? "{\"id\":\"P-200\",\"role\":\"INDIRECT_RESELLER\",\"directPartnerId\":\"P-100\"}"
                : "{\"id\":\"P-100\",\"role\":\"DIRECT_PARTNER\"}";
        String delegated = random.nextBoolean() ? "[\"P-100\"]" : "[]";
        return "{\"asOf\":\"2026-11-23\",\"partner\":" + partner + ",\"customer\":{\"id\":\"C-ID\",\"cloud\":\"GLOBAL\","
                + "\"delegatedAdminPartnerIds\":" + delegated + ",\"subscriptions\":[" + subscriptions + "]},\"intent\":"
                + INTENTS[random.nextInt(INTENTS.length)] + "}";
    }
}
