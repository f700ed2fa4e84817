package com.policydesk.service;

import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetHistoryEntry;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSetManager;
import com.policydesk.engine.RuleSource;
import com.policydesk.engine.RulesWatcher;
import com.policydesk.request.RequestReader;
import com.policydesk.scenario.ScenarioGate;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rule set that decides requests, and how it changes: loaded at start-up (an invalid rule set stops the
 * service with every problem listed), then reloaded when the rules folder changes or an admin asks. Each
 * activation, rejection and rollback is one log line with the versions and the reason.
 */
@Startup
@Singleton
public class RuleSetService {
    private static final Logger LOG = Logger.getLogger(RuleSetService.class);

    private final RuleSetManager manager;
    private RulesWatcher watcher;

    RuleSetService(PolicyDeskConfig config, RuleSetLoader loader, RuleSource source, RequestReader reader,
                   DecisionEngine engine) {
        RuleSetManager.CandidateCheck gate = config.reload().requireScenarios()
                ? new ScenarioGate(Path.of(config.scenarios().dir()), reader, engine)
                : RuleSetManager.CandidateCheck.NONE;
        this.manager = new RuleSetManager(loader, source, gate, Clock.systemUTC(), config.rules().keep(),
                config.reload().activation());
        LOG.infof("Loading rules from %s", source.describe());
        long started = System.nanoTime();
        RuleSet first = manager.start();
        LOG.infof("event=activated version=%s trigger=startup files=%d rules=%d decisions=%d loadMs=%d", first.version(),
                first.files().size(), first.rules().size(), first.decisions().size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        if (config.rules().watch() && source.folder().isPresent()) {
            this.watcher = watch(source.folder().get(), config.rules().watchQuietPeriod());
        }
    }

    /** The active snapshot: read it once per request. */
    public RuleSet current() {
        return manager.active();
    }

    /** Reloads now, synchronously; the outcome says whether the files changed and what became of them. */
    public RuleSetManager.ReloadResult reload(String trigger) {
        String before = manager.active().version();
        long started = System.nanoTime();
        RuleSetManager.ReloadResult result = manager.reload(trigger);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        switch (result.status()) {
            case ACTIVATED -> LOG.infof("event=activated version=%s previous=%s trigger=%s reloadMs=%d",
                    result.version(), before, trigger, millis);
            case PENDING -> LOG.infof("event=pending version=%s active=%s trigger=%s reloadMs=%d",
                    result.version(), before, trigger, millis);
            case REJECTED -> LOG.warnf("event=rejected version=%s active=%s trigger=%s reloadMs=%d reason=%s",
                    result.version(), before, trigger, millis, oneLine(result.entry()));
            default -> LOG.debugf("event=%s version=%s trigger=%s", result.status(), result.version(), trigger);
        }
        return result;
    }

    /** Publishes the pending candidate or activates a kept version; throws IllegalArgumentException when it is neither. */
    public RuleSetHistoryEntry activate(String version) {
        String before = manager.active().version();
        RuleSetHistoryEntry entry = manager.activate(version);
        LOG.infof("event=%s version=%s previous=%s trigger=admin",
                entry.outcome() == RuleSetHistoryEntry.Outcome.ROLLED_BACK ? "rolled_back" : "published", version, before);
        return entry;
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

    private RulesWatcher watch(Path folder, Duration quietPeriod) {
        try {
            LOG.infof("Watching %s for rule changes", folder);
            return new RulesWatcher(folder, quietPeriod, () -> reload("watch"));
        } catch (IOException e) {
            LOG.errorf(e, "Cannot watch %s: rule changes need an admin reload or a restart", folder);
            return null;
        }
    }

    private static String oneLine(RuleSetHistoryEntry entry) {
        return entry.summary().replace('\n', ' ').replaceAll("\\s+", " ");
    }
}
