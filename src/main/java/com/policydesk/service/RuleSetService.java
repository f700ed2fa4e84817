package com.policydesk.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetHistoryEntry;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSetManager;
import com.policydesk.engine.RuleSource;
import com.policydesk.engine.RulesWatcher;
import com.policydesk.engine.WarmupRequests;
import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;
import com.policydesk.scenario.Scenario;
import com.policydesk.scenario.ScenarioGate;
import com.policydesk.scenario.ScenarioSuite;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rule set that decides requests, and how it changes: loaded at start-up (an invalid rule set stops the
 * service with every problem listed), warmed up before the service reports ready, then reloaded when the rules
 * folder changes or an admin asks, each new version warmed before it is swapped in. Each activation, rejection and
 * rollback is one log line with the versions, the reason, and where the time went.
 *
 * <p>With several replicas ({@link #publishThrough}, set up by {@link ClusterService}), a version that would go live
 * is published instead, and goes live here as on every replica when it comes back ({@link #install}); a reload or an
 * activation waits for that (up to {@code policydesk.cluster.kafka.publish-timeout}) so that its answer tells what
 * is live.
 */
@Startup
@Singleton
public class RuleSetService {
    private static final Logger LOG = Logger.getLogger(RuleSetService.class);

    /**
     * Rehearsed reloads of the active rules after start, at most, so that the first real reloads find the JIT done
     * with the reload path: they go on while the JIT still spends a quarter of a round compiling.
     */
    private static final int COMPILER_WARMUP_MAX_ROUNDS = 20;
    private static final double COMPILER_JIT_QUIET_SHARE = 0.25;

    private final RuleSetManager manager;
    /** Made on first use, on the warm-up thread: reading the scenario suites must not delay the HTTP port. */
    private final Supplier<Warmup> warmup;
    private final boolean warmupEnabled;
    private final boolean gateOn;
    /** The requests made from the fact model come first in the warm-up set: each is decided at every warm-up. */
    private final int generatedBodies;
    private volatile boolean warm;
    private final Duration warmupBudget;
    private final AtomicBoolean warmupStarted = new AtomicBoolean();
    /** Where the last reload's time went beyond compiling: for its log line. */
    private volatile long lastGateMillis;
    private volatile long lastWarmMillis;
    private final RuleSetLoader loader;
    /** The scenario gate alone, without the timing of the last reload: the compilers' warm-up rehearses with it. */
    private final RuleSetManager.CandidateCheck scenarioGate;
    private final RuleSource source;
    private final Duration publishTimeout;
    private RulesWatcher watcher;

    RuleSetService(PolicyDeskConfig config, RuleSetLoader loader, RuleSource source, RequestReader reader,
                   DecisionEngine engine, ObjectMapper json) {
        Path scenarios = Path.of(config.scenarios().dir());
        this.scenarioGate = config.reload().requireScenarios()
                ? new ScenarioGate(scenarios, reader, engine)
                : RuleSetManager.CandidateCheck.NONE;
        RuleSetManager.CandidateCheck gate = candidate -> {
            long gateStarted = System.nanoTime();
            try {
                return scenarioGate.failures(candidate);
            } finally {
                lastGateMillis = Duration.ofNanos(System.nanoTime() - gateStarted).toMillis();
            }
        };
        this.warmupEnabled = config.warmup().enabled();
        this.gateOn = config.reload().requireScenarios();
        this.loader = loader;
        this.source = source;
        List<DecisionRequest> generated = WarmupRequests.spread();
        this.generatedBodies = generated.size();
        this.warmup = memoized(() -> new Warmup(reader, engine, json, warmupBodies(json, generated, scenarios)));
        this.manager = new RuleSetManager(loader, source, gate, this::warmBeforeSwap, Clock.systemUTC(), config.rules().keep(),
                config.reload().activation());
        LOG.infof("Loading rules from %s", source.describe());
        long started = System.nanoTime();
        RuleSet first = manager.start();
        LOG.infof("event=activated version=%s trigger=startup files=%d rules=%d decisions=%d loadMs=%d %s",
                first.version(), first.files().size(), first.rules().size(), first.decisions().size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), first.loadProfile());
        this.warmupBudget = config.warmup().duration();
        this.publishTimeout = config.cluster().kafka().publishTimeout();
        if (config.rules().watch() && source.folder().isPresent()) {
            this.watcher = watch(source.folder().get(), config.rules().watchQuietPeriod());
        }
    }

    /** The active snapshot: read it once per request. */
    public RuleSet current() {
        return manager.active();
    }

    /** The request bodies the warm-up decides, as JSON: the same set warms the HTTP path (HttpWarmup). */
    public List<byte[]> warmupBodies() {
        return warmup.get().bodies();
    }

    /** Whether the service is ready for traffic: a valid rule set is active and the warm-up at start has ended. */
    public boolean warm() {
        return warm && manager.active() != null;
    }

    /**
     * Reloads now, synchronously; the outcome says whether the files changed and what became of them. With several
     * replicas a valid change is published, and this returns {@code ACTIVATED} once it is live here too, or
     * {@code PUBLISHED} if it did not come back in time.
     *
     * @throws RuleSetManager.PublicationException when a valid change could not be published (it is not live)
     */
    public RuleSetManager.ReloadResult reload(String trigger) {
        String before = manager.active().version();
        long started = System.nanoTime();
        RuleSetManager.ReloadResult result;
        try {
            result = belowRequests(() -> manager.reload(trigger));
        } catch (RuleSetManager.PublicationException failed) {
            LOG.errorf("event=publication_failed active=%s trigger=%s reason=%s", before, trigger, failed.getMessage());
            throw failed;
        }
        if (result.status() == RuleSetManager.Status.PUBLISHED && result.published() != null) {
            LOG.infof("event=published version=%s active=%s trigger=%s gate=%dms reloadMs=%d", result.version(), before,
                    trigger, lastGateMillis, Duration.ofNanos(System.nanoTime() - started).toMillis());
            if (awaitInstalled(result.published())) {
                return new RuleSetManager.ReloadResult(RuleSetManager.Status.ACTIVATED, result.version(), result.entry(),
                        result.published());
            }
            return result;
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        switch (result.status()) {
            case ACTIVATED -> LOG.infof("event=activated version=%s previous=%s trigger=%s reloadMs=%d %s gate=%dms warm=%dms",
                    result.version(), before, trigger, millis, manager.active().loadProfile(), lastGateMillis,
                    lastWarmMillis);
            case PENDING -> LOG.infof("event=pending version=%s active=%s trigger=%s reloadMs=%d gate=%dms",
                    result.version(), before, trigger, millis, lastGateMillis);
            case REJECTED -> LOG.warnf("event=rejected version=%s active=%s trigger=%s reloadMs=%d reason=%s",
                    result.version(), before, trigger, millis, oneLine(result.entry()));
            default -> LOG.debugf("event=%s version=%s trigger=%s", result.status(), result.version(), trigger);
        }
        return result;
    }

    /**
     * Publishes the pending candidate or activates a kept version; throws IllegalArgumentException when it is neither.
     * With several replicas the version is published to all, and the entry returned is its installation here once
     * it is live (or the publication's, if it did not come back in time).
     *
     * @throws RuleSetManager.PublicationException when it could not be published (nothing changed)
     */
    public RuleSetHistoryEntry activate(String version) {
        String before = manager.active().version();
        RuleSetManager.ActivationResult result;
        try {
            result = manager.activateVersion(version);
        } catch (RuleSetManager.PublicationException failed) {
            LOG.errorf("event=publication_failed version=%s active=%s trigger=admin reason=%s", version, before,
                    failed.getMessage());
            throw failed;
        }
        RuleSetHistoryEntry entry = result.entry();
        if (result.published() != null) {
            LOG.infof("event=published version=%s active=%s trigger=admin", version, before);
            if (awaitInstalled(result.published())) {
                return manager.history().stream()
                        .filter(seen -> seen.version().equals(version) && seen.outcome() == RuleSetHistoryEntry.Outcome.ACTIVATED)
                        .findFirst().orElse(entry);
            }
            return entry;
        }
        LOG.infof("event=%s version=%s previous=%s trigger=admin",
                entry.outcome() == RuleSetHistoryEntry.Outcome.ROLLED_BACK ? "rolled_back" : "published", version, before);
        return entry;
    }

    /**
     * Several replicas: versions that would go live here are published through this instead, and go live when
     * they come back through {@link #install}.
     */
    void publishThrough(RuleSetManager.Publication publication) {
        manager.publishThrough(publication, this::warmInstalled);
    }

    /** Publishes the active version (the first replica of a cluster where nothing is published yet). */
    RuleSetManager.Published publishActive(String trigger) {
        RuleSetManager.Published published = manager.publishActive(trigger);
        LOG.infof("event=published version=%s trigger=%s", published.version(), trigger);
        return published;
    }

    /**
     * Installs a published version (several replicas): swapped in once valid and warm, or refused with an ERROR that
     * names the version and the problems while the active version stays.
     */
    RuleSetManager.InstallResult install(String version, List<RuleFile> files, String trigger) {
        String before = manager.active().version();
        long started = System.nanoTime();
        lastWarmMillis = 0;
        RuleSetManager.InstallResult result = manager.install(version, files, trigger);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        switch (result.status()) {
            case ACTIVATED -> LOG.infof("event=activated version=%s previous=%s trigger=%s installMs=%d %s warm=%dms",
                    version, before, oneLine(trigger), millis, manager.active().loadProfile(), lastWarmMillis);
            case REJECTED -> LOG.errorf("event=install_failed version=%s active=%s trigger=%s reason=%s", version,
                    before, oneLine(trigger), oneLine(result.entry()));
            default -> LOG.debugf("event=%s version=%s trigger=%s", result.status(), version, trigger);
        }
        return result;
    }

    private boolean awaitInstalled(RuleSetManager.Published published) {
        if (manager.awaitInstalled(published, publishTimeout)) {
            return manager.active().version().equals(published.version());
        }
        LOG.warnf("event=publication_pending version=%s active=%s waitedMs=%d: published, not yet installed here",
                published.version(), manager.active().version(), publishTimeout.toMillis());
        return false;
    }

    /** Where the rules come from: the rules folder, or the copy bundled into the application. */
    public RuleSource source() {
        return source;
    }

    /** The candidate waiting to be published (manual activation), if any. */
    public Optional<RuleSet> pending() {
        return manager.pending();
    }

    /** The active, pending or a kept version of that name. */
    public Optional<RuleSet> find(String version) {
        return manager.find(version);
    }

    public List<RuleSetHistoryEntry> history() {
        return manager.history();
    }

    public List<String> keptVersions() {
        return manager.keptVersions();
    }

    public Optional<RuleSetHistoryEntry> lastRejected() {
        return manager.lastRejected();
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }

    /**
     * Once the HTTP port is open, warms the active rule set on a thread of its own: requests are answered meanwhile,
     * but readiness stays down until the hot path is compiled, so a load balancer sends traffic only to a warm
     * service. (Started earlier, it would take the CPU that the rest of Quarkus' boot needs on a small machine; the
     * engine itself was warmed while Quarkus booted, see EarlyStart.) Vert.x announces each of its event loops.
     */
    void httpStarted(@ObservesAsync HttpServerStart started) {
        if (warmupStarted.compareAndSet(false, true)) {
            startWarmup(manager.active(), warmupBudget);
        }
    }

    /**
     * Dev mode keeps its HTTP server across a live reload, so no {@link HttpServerStart} follows the restarted
     * application: there the warm-up starts with the application, or readiness would stay down after a reload.
     */
    void startedInDevMode(@Observes StartupEvent started) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT && warmupStarted.compareAndSet(false, true)) {
            startWarmup(manager.active(), warmupBudget);
        }
    }

    private void startWarmup(RuleSet first, Duration budget) {
        if (!warmupEnabled) {
            warm = true;
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                Warmup.Result result = warmup.get().run(first, generatedBodies, budget);
                LOG.infof("event=warmed version=%s requests=%d decisions=%d rounds=%d warmupMs=%d", first.version(),
                        warmup.get().size(), result.decisions(), result.rounds(), result.millis());
            } catch (RuntimeException e) {
                LOG.errorf(e, "The warm-up of %s failed; the service reports ready anyway", first.version());
            } finally {
                warm = true;
            }
            try {
                warmCompilers(first);
            } catch (RuntimeException e) {
                LOG.warnf(e, "The compilers' warm-up failed; the first reload may be slower");
            }
        }, "policydesk-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** A published version built here only to be installed (another replica's): the gate did not warm it. */
    private void warmInstalled(RuleSet installed) {
        if (warmupEnabled) {
            lastWarmMillis = warmup.get().run(installed, generatedBodies, Duration.ZERO).millis();
        }
    }

    /**
     * With the scenario gate on, the gate has just decided every scenario on the candidate, which warms it as much;
     * without it, the warm-up set does.
     */
    private void warmBeforeSwap(RuleSet candidate) {
        if (warmupEnabled && !gateOn) {
            lastWarmMillis = warmup.get().run(candidate, generatedBodies, Duration.ZERO).millis();
        }
    }

    /**
     * A service that can reload has its reload path warmed after it is ready, in the background, by rehearsing
     * reloads of the active files: it started from the compile cache, so the policy team's first changes would
     * otherwise pay for a cold compiler (seconds, not hundreds of milliseconds) and, under load, take the JIT's time
     * from the requests.
     */
    private void warmCompilers(RuleSet active) {
        if (source.folder().isEmpty()) {
            return;
        }
        // Below the requests, as reloads run: the service is ready and may be answering meanwhile.
        Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
        long started = System.nanoTime();
        JitSettling jit = JitSettling.ofThisJvm(COMPILER_JIT_QUIET_SHARE);
        int rounds = 0;
        boolean settled = false;
        while (!settled && rounds < COMPILER_WARMUP_MAX_ROUNDS) {
            rehearseReload(active);
            rounds++;
            settled = jit.settledAfterStep();
        }
        LOG.infof("event=compilers_warmed rounds=%d jitSettled=%s warmupMs=%d", rounds, settled,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * A reload of the active files as a change would make it, thrown away: compiled afresh and serialized for the
     * cache (RuleSetLoader#rehearse), then checked by the gate or warmed, as the reload would. Compiling alone left
     * the JIT to compile the serialization, the constraints' compilation and the gate during the first real reloads,
     * under the requests' load: more than half a second of compiler CPU per reload for the first ten.
     */
    private void rehearseReload(RuleSet active) {
        RuleSet rehearsal = loader.rehearse(active.files());
        if (gateOn) {
            scenarioGate.failures(rehearsal);
        } else {
            warmup.get().run(rehearsal, generatedBodies, Duration.ZERO);
        }
    }

    /**
     * Runs a reload asked for by a request (an admin reload, a workbench save) at the lowest priority, as the
     * watcher's reloads run: the threads it starts (the scenario gate's) inherit it. The thread's own is restored.
     */
    private static <T> T belowRequests(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        int priority = thread.getPriority();
        thread.setPriority(Thread.MIN_PRIORITY);
        try {
            return work.get();
        } finally {
            thread.setPriority(priority);
        }
    }

    /** Requests made from the fact model, which reach every rule, and the scenario suites' requests where present. */
    private static List<byte[]> warmupBodies(ObjectMapper json, List<DecisionRequest> generated, Path scenarios) {
        List<byte[]> bodies = new ArrayList<>();
        for (DecisionRequest request : generated) {
            bodies.add(toJson(json, request));
        }
        ScenarioSuite.load(scenarios, null).stream()
                .map(ScenarioSuite.Loaded::file)
                .filter(Objects::nonNull)
                .flatMap(file -> file.scenarios().stream())
                .map(Scenario::body)
                .forEach(bodies::add);
        return bodies;
    }

    private static <T> Supplier<T> memoized(Supplier<T> make) {
        AtomicReference<T> made = new AtomicReference<>();
        return () -> made.updateAndGet(known -> known != null ? known : make.get());
    }

    private static byte[] toJson(ObjectMapper json, DecisionRequest request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a warm-up request cannot be written as JSON", e);
        }
    }

    private RulesWatcher watch(Path folder, Duration quietPeriod) {
        try {
            LOG.infof("Watching %s for rule changes", folder);
            return new RulesWatcher(folder, quietPeriod, () -> {
                try {
                    reload("watch");
                } catch (RuleSetManager.PublicationException logged) {
                    // logged by reload; the next change of the folder, or an admin reload, tries again
                }
            });
        } catch (IOException e) {
            LOG.errorf(e, "Cannot watch %s: rule changes need an admin reload or a restart", folder);
            return null;
        }
    }

    private static String oneLine(RuleSetHistoryEntry entry) {
        return oneLine(entry.summary());
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replaceAll("\\s+", " ");
    }
}
