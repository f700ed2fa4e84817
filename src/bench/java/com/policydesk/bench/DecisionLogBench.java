package com.policydesk.bench;

import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.impact.ImpactAnalysis;
import com.policydesk.impact.ImpactReport;
import com.policydesk.impact.LoggedRequest;
import com.policydesk.log.Admission;
import com.policydesk.log.DecisionIds;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogReader;
import com.policydesk.log.DecisionLogSettings;
import com.policydesk.log.DecisionJson;
import com.policydesk.log.LoggedDecision;
import com.policydesk.log.Redaction;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The decision log's own rate, and the impact replay's time (bench/README.md, "Decision log"):
 * <ol>
 * <li>the writer: {@code DECISIONS} decisions of the standard request (11 recommendations each), decided once
 * beforehand, offered as fast as one thread can (retrying when the queue is full) to a fresh log file with the
 * default settings; the rate is decisions committed per second of wall time, from the first offer to the last commit,
 * with the writer thread's CPU time beside it;</li>
 * <li>the replay: the newest 10,000 of them (varied requests) decided again on the bundled rules and on a candidate
 * without the Azure table's Virtual Machines row, on every core.</li>
 * </ol>
 * Run: {@code ./mvnw -q -Pbench package && java -cp target/bench-build/classes:$(cat target/bench-build/jmh.classpath)
 * com.policydesk.bench.DecisionLogBench}; {@code -Ddecisions=}, {@code -DwriterRounds=}, {@code -Dcustomers=} and {@code -Dreplay=false}
 * change what it runs.
 */
public final class DecisionLogBench {
    private static final int DECISIONS = Integer.getInteger("decisions", 200_000);
    private static final int REPLAYED = 10_000;
    /** 0: the varied requests' own few customers; n: each decision of the writer rounds for one of n customers. */
    private static final int CUSTOMERS = Integer.getInteger("customers", 0);
    private static final int WRITER_ROUNDS = Integer.getInteger("writerRounds", 3);
    private static final boolean REPLAY = Boolean.parseBoolean(System.getProperty("replay", "true"));

    private DecisionLogBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.likeTheService();
        Path folder = Files.createTempDirectory("policydesk-log-bench-");
        RuleSet active = new RuleSetLoader().loadFolder(BenchInputs.rulesDir());
        DecisionEngine engine = new DecisionEngine();
        List<DecisionRequest> requests = BenchInputs.varied(REPLAYED);
        Decision[] decisions = requests.stream().map(request -> engine.evaluate(active, request)).toArray(Decision[]::new);
        DecisionLogSettings settings = DecisionLogSettings.defaults(folder.resolve("decisions.db"));
        for (int round = 1; round <= WRITER_ROUNDS; round++) {
            writerRate(settings, round, active, requests, decisions);
        }
        if (REPLAY) {
            replay(folder, settings, active, engine);
        }
    }

    private static void writerRate(DecisionLogSettings settings, int round, RuleSet active, List<DecisionRequest> requests,
                                   Decision[] decisions) throws Exception {
        Files.deleteIfExists(settings.file());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[][] bodies = requests.stream().map(DecisionJson::request).toArray(byte[][]::new);
        long processCpuBefore = processCpuNanos();
        long retries = 0;
        long started;
        long writerCpu;
        try (DecisionLog log = DecisionLog.open(settings, Clock.systemUTC())) {
            Thread writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("decision-log-writer")).findFirst().orElseThrow();
            long writerCpuBefore = threads.getThreadCpuTime(writer.getId());
            started = System.nanoTime();
            for (int i = 0; i < DECISIONS; i++) {
                int pick = i % decisions.length;
                DecisionRequest request = forCustomer(requests.get(pick), i);
                // The body as a client sent it: over HTTP the service has it at hand; here it is made first.
                byte[] body = CUSTOMERS == 0 ? bodies[pick] : DecisionJson.request(request);
                LoggedDecision decision = LoggedDecision.of(DecisionIds.next(), active.version(), active.files(), request,
                        body, decisions[pick].recommendations(), 40_000);
                while (log.offer(decision) == Admission.REFUSED) {
                    retries++;
                    // Sleep, not spin: on two cores a spinning producer would take the writer's core.
                    LockSupport.parkNanos(100_000);
                }
            }
            log.flush(Duration.ofMinutes(5));
            writerCpu = threads.getThreadCpuTime(writer.getId()) - writerCpuBefore;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("writer round %d: %,d decisions in %.2f s = %,.0f decisions/s; writer thread CPU %.2f s"
                        + " (%.1f µs per decision); process CPU %.2f s; queue full %,d times; file %,d bytes%n",
                round, DECISIONS, seconds, DECISIONS / seconds, writerCpu / 1e9, writerCpu / 1e3 / DECISIONS,
                (processCpuNanos() - processCpuBefore) / 1e9, retries, Files.size(settings.file()));
    }

    /** The request as if another customer had made it, when {@code -Dcustomers=n}: their index grows everywhere. */
    private static DecisionRequest forCustomer(DecisionRequest request, int i) {
        if (CUSTOMERS == 0) {
            return request;
        }
        Customer customer = request.customer();
        String id = "C-" + Math.floorMod(i * 2_654_435_761L, CUSTOMERS);
        return new DecisionRequest(request.asOf(), request.partner(),
                new Customer(id, customer.cloud(), customer.delegatedAdminPartnerIds(), customer.subscriptions()),
                request.intent());
    }

    private static void replay(Path folder, DecisionLogSettings settings, RuleSet active, DecisionEngine engine) throws Exception {
        Path candidateFolder = folder.resolve("candidate");
        copy(BenchInputs.rulesDir(), candidateFolder);
        Path table = candidateFolder.resolve("multichannel/AzureServicesInCsp.dmn");
        String text = Files.readString(table);
        int start = text.indexOf("<rule id=\"_rule_virtual_machines\">");
        Files.writeString(table, text.substring(0, start) + text.substring(text.indexOf("</rule>", start) + "</rule>".length()));
        RuleSet candidate = new RuleSetLoader().loadFolder(candidateFolder);
        List<LoggedRequest> logged = new DecisionLogReader(settings.file(), Redaction.NONE).latest(REPLAYED).stream()
                .map(decision -> new LoggedRequest(decision.decisionId(), decision.request())).toList();
        ImpactAnalysis analysis = new ImpactAnalysis(engine, new RequestReader(), Runtime.getRuntime().availableProcessors());
        for (int round = 1; round <= 5; round++) {
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            ImpactReport report = analysis.replay(candidate, active, logged);
            System.out.printf("replay round %d: %,d requests on both rule sets in %d ms (process CPU %.2f s): %,d changed, codes %s%n",
                    round, report.replayed(), (System.nanoTime() - started) / 1_000_000,
                    (processCpuNanos() - cpuBefore) / 1e9, report.changed(), report.codes());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.sorted().toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

}
