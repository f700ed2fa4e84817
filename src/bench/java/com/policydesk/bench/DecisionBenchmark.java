package com.policydesk.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.policydesk.api.DecisionResponse;
import com.policydesk.api.ResponseJson;
import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;
import com.policydesk.model.Subscription;
import com.policydesk.request.RequestReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Decisions per second, one thread, in process. The rule set is loaded once per fork; each operation is one
 * decision. Warm-up: 3 x 2 s, or {@value #ENGINE_WARMUP_ITERATIONS} x 2 s where the engine runs; measurement 5 x 2 s;
 * one fork with a fixed 1 GiB heap.
 *
 * <ul>
 *   <li>{@code engineStandard}, {@code engineLarge50}: {@code DecisionEngine.evaluate} on the standard request (5
 *       mixed subscriptions) and on the 50-subscription estate, requests already read.</li>
 *   <li>{@code baselineStandard}, {@code baselineLarge50}: the same decisions by {@link HandWrittenPolicy}, the floor.</li>
 *   <li>{@code httpPathStandard}: what the HTTP endpoint pays apart from the network: the body's bytes read by
 *       {@link RequestReader}, a decision id, the engine, {@link DecisionResponse} written to bytes by {@link ResponseJson}
 *       (as the service writes it; Jackson configured as Quarkus configures it for what it leaves to the mapper).</li>
 *   <li>{@code readerStandard}, {@code writerStandard}: the reading and the writing alone, to split that path.</li>
 *   <li>{@code engineStandardDmnMiss}: the standard request with one Azure service name never seen before in each
 *       operation, so that one DMN evaluation per decision misses the engine's DMN cache.</li>
 * </ul>
 *
 * The set-up sets the service's log levels ({@link BenchLogging}) and runs {@link Equivalence}: the fork fails if
 * the baseline and the engine disagree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class DecisionBenchmark {
    /**
     * The engine takes 7 to 20 s of decisions to reach its steady rate on this 2-core machine (the JIT compiles
     * Drools' network and the generated rule classes; slower when other work shares the cores): 3 x 2 s of warm-up
     * measured a still-rising rate. The benchmarks without the engine keep 3 x 2 s.
     */
    static final int ENGINE_WARMUP_ITERATIONS = 10;

    private RuleSet ruleSet;
    private DecisionEngine engine;
    private HandWrittenPolicy baseline;
    private RequestReader reader;
    private ObjectMapper json;
    private ResponseJson responses;
    private DecisionRequest standard;
    private DecisionRequest large;
    private byte[] standardBytes;
    private DecisionResponse standardResponse;
    private long unseen;

    @Setup(Level.Trial)
    public void setUp() {
        BenchLogging.likeTheService();
        ruleSet = new RuleSetLoader().loadFolder(BenchInputs.rulesDir());
        engine = new DecisionEngine();
        baseline = new HandWrittenPolicy(AzureServicesTable.load(BenchInputs.azureServicesDmn()));
        reader = new RequestReader();
        json = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        responses = new ResponseJson(json);
        standardBytes = BenchInputs.bytes("standard.json");
        standard = reader.read(standardBytes);
        large = BenchInputs.request("large-estate.json");
        if (large.customer().subscriptions().size() != 50) {
            throw new IllegalStateException("large-estate.json has " + large.customer().subscriptions().size() + " subscriptions");
        }
        standardResponse = DecisionResponse.of(UUID.randomUUID().toString(), engine.evaluate(ruleSet, standard), false);
        Equivalence.Report report = Equivalence.require(ruleSet, engine, baseline);
        System.out.println("\n[bench] rule set " + ruleSet.version() + "; " + report
                + "; standard request: " + engine.evaluate(ruleSet, standard).recommendations().size()
                + " recommendations, large estate: " + engine.evaluate(ruleSet, large).recommendations().size());
    }

    @Benchmark
    @Warmup(iterations = ENGINE_WARMUP_ITERATIONS, time = 2)
    public Decision engineStandard() {
        return engine.evaluate(ruleSet, standard);
    }

    @Benchmark
    @Warmup(iterations = ENGINE_WARMUP_ITERATIONS, time = 2)
    public Decision engineLarge50() {
        return engine.evaluate(ruleSet, large);
    }

    @Benchmark
    public List<Recommendation> baselineStandard() {
        return baseline.decide(standard);
    }

    @Benchmark
    public List<Recommendation> baselineLarge50() {
        return baseline.decide(large);
    }

    @Benchmark
    @Warmup(iterations = ENGINE_WARMUP_ITERATIONS, time = 2)
    public byte[] httpPathStandard() throws Exception {
        DecisionRequest request = reader.read(standardBytes);
        String decisionId = UUID.randomUUID().toString();
        Decision decision = engine.evaluate(ruleSet, request);
        return responses.write(DecisionResponse.of(decisionId, decision, false));
    }

    @Benchmark
    public DecisionRequest readerStandard() {
        return reader.read(standardBytes);
    }

    @Benchmark
    public byte[] writerStandard() {
        return responses.write(standardResponse);
    }

    @Benchmark
    @Warmup(iterations = ENGINE_WARMUP_ITERATIONS, time = 2)
    public Decision engineStandardDmnMiss() {
        return engine.evaluate(ruleSet, withUnseenService(standard, "Unseen service " + (unseen++)));
    }

    /** The request with one more service, never seen before, on its first subscription that names services. */
    private static DecisionRequest withUnseenService(DecisionRequest request, String service) {
        List<Subscription> subscriptions = new ArrayList<>(request.customer().subscriptions());
        for (int i = 0; i < subscriptions.size(); i++) {
            Subscription s = subscriptions.get(i);
            if (!s.services().isEmpty()) {
                List<String> services = new ArrayList<>(s.services());
                services.add(service);
                subscriptions.set(i, new Subscription(s.id(), s.offer(), s.billing(), s.channel(), s.sellerId(), s.status(),
                        s.endDate(), services));
                break;
            }
        }
        Customer c = request.customer();
        return new DecisionRequest(request.asOf(), request.partner(),
                new Customer(c.id(), c.cloud(), c.delegatedAdminPartnerIds(), subscriptions), request.intent());
    }
}
