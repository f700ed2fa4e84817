package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps the active rule set and changes it safely: a candidate is built off the request path, checked (it must
 * compile and validate, then pass the {@link CandidateCheck}), and only then swapped in, atomically. A request
 * reads {@link #active()} once and decides on that snapshot to the end. Remembers what it saw, and keeps the
 * last valid versions for rollback. Reloads and rollbacks are serialised; reading the active set never waits.
 */
public final class RuleSetManager {
    /** What must hold of a candidate beyond compiling: for example, that its scenario suites pass. */
    @FunctionalInterface
    public interface CandidateCheck {
        /** The failures, each a readable report; empty when the candidate may be activated. */
        List<String> failures(RuleSet candidate);

        CandidateCheck NONE = candidate -> List.of();
    }

    /** What a reload did. */
    public enum Status {
        ACTIVATED, REJECTED, UNCHANGED, STILL_REJECTED
    }

    /** The outcome of a reload: its status, the version concerned, and the history entry it wrote (if any). */
    public record ReloadResult(Status status, String version, RuleSetHistoryEntry entry) {
    }

    private static final int HISTORY_LIMIT = 100;

    private final RuleSetLoader loader;
    private final RuleSource source;
    private final CandidateCheck check;
    private final Consumer<RuleSet> prepare;
    private final Clock clock;
    private final int keep;
    private final AtomicReference<RuleSet> active = new AtomicReference<>();
    private final Deque<RuleSet> kept = new ArrayDeque<>();
    private final Deque<RuleSetHistoryEntry> history = new ArrayDeque<>();
    private String lastRejectedHash;

    public RuleSetManager(RuleSetLoader loader, RuleSource source, CandidateCheck check, Clock clock, int keep) {
        this(loader, source, check, candidate -> { }, clock, keep);
    }

    /**
     * A manager that also prepares each candidate that passed its checks before swapping it in (a warm-up), so that
     * the first requests on a new version are as fast as the last ones on the old.
     */
    public RuleSetManager(RuleSetLoader loader, RuleSource source, CandidateCheck check, Consumer<RuleSet> prepare,
                          Clock clock, int keep) {
        this.loader = loader;
        this.source = source;
        this.check = check;
        this.prepare = prepare;
        this.clock = clock;
        this.keep = keep;
    }

    /** The rule set deciding now; null only before the first successful {@link #reload}. */
    public RuleSet active() {
        return active.get();
    }

    public RuleSource source() {
        return source;
    }

    /**
     * The first load, at start-up: the rule set must compile and validate, or the service must not start. The
     * candidate check is for changes; the rules a service starts with are its baseline.
     *
     * @throws RuleSetException with every problem, when the rules are invalid
     */
    public synchronized RuleSet start() {
        RuleSet first = loader.load(source);
        activate(first);
        record(first, "startup", RuleSetHistoryEntry.Outcome.ACTIVATED);
        return first;
    }

    /**
     * Reads the source and activates what it holds if it is new and passes every check. Files that did not change
     * since the active version, or since the last rejected candidate, are not built again.
     */
    public synchronized ReloadResult reload(String trigger) {
        List<RuleFile> files;
        try {
            files = source.read();
        } catch (RuleSetException unreadable) {
            return reject(trigger, "unreadable", List.of(), unreadable.problems(), List.of(), null);
        }
        String version = RuleSetLoader.version(files);
        String hash = Hashes.ofFiles(files);
        RuleSet current = active.get();
        if (current != null && current.version().equals(version)) {
            return new ReloadResult(Status.UNCHANGED, version, null);
        }
        if (hash.equals(lastRejectedHash)) {
            return new ReloadResult(Status.STILL_REJECTED, version, null);
        }
        RuleSet candidate;
        try {
            candidate = loader.load(files, source.describe());
        } catch (RuleSetException invalid) {
            return reject(trigger, version, files, invalid.problems(), List.of(), hash);
        }
        List<String> failures = check.failures(candidate);
        if (!failures.isEmpty()) {
            return reject(trigger, version, files, List.of(), failures, hash);
        }
        prepare.accept(candidate);
        activate(candidate);
        lastRejectedHash = null;
        return new ReloadResult(Status.ACTIVATED, version, record(candidate, trigger, RuleSetHistoryEntry.Outcome.ACTIVATED));
    }

    /**
     * Activates a kept version again (a rollback, or forward after one).
     *
     * @throws IllegalArgumentException when no valid version of that name is kept
     */
    public synchronized RuleSetHistoryEntry activate(String version) {
        RuleSet wanted = kept.stream().filter(ruleSet -> ruleSet.version().equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kept version " + version + "; kept: " + keptVersions()));
        activate(wanted);
        return record(wanted, "rollback", RuleSetHistoryEntry.Outcome.ROLLED_BACK);
    }

    public synchronized List<RuleSetHistoryEntry> history() {
        return List.copyOf(history);
    }

    public synchronized List<String> keptVersions() {
        return kept.stream().map(RuleSet::version).toList();
    }

    /** The last candidate refused since the active version was activated, if any. */
    public synchronized Optional<RuleSetHistoryEntry> lastRejected() {
        RuleSetHistoryEntry newest = history.peekFirst();
        return newest != null && newest.outcome() == RuleSetHistoryEntry.Outcome.REJECTED
                ? Optional.of(newest) : Optional.empty();
    }

    private void activate(RuleSet ruleSet) {
        active.set(ruleSet);
        kept.removeIf(existing -> existing.version().equals(ruleSet.version()));
        kept.addFirst(ruleSet);
        while (kept.size() > keep) {
            kept.removeLast();
        }
    }

    private ReloadResult reject(String trigger, String version, List<RuleFile> files, List<RuleSetProblem> problems,
                                List<String> failures, String hash) {
        lastRejectedHash = hash;
        RuleSetHistoryEntry entry = new RuleSetHistoryEntry(version, clock.instant(), trigger,
                RuleSetHistoryEntry.Outcome.REJECTED, RuleSetHistoryEntry.FileHash.of(files), problems, failures);
        remember(entry);
        return new ReloadResult(Status.REJECTED, version, entry);
    }

    private RuleSetHistoryEntry record(RuleSet ruleSet, String trigger, RuleSetHistoryEntry.Outcome outcome) {
        RuleSetHistoryEntry entry = new RuleSetHistoryEntry(ruleSet.version(), clock.instant(), trigger, outcome,
                RuleSetHistoryEntry.FileHash.of(ruleSet.files()), List.of(), List.of());
        remember(entry);
        return entry;
    }

    /** Newest first. */
    private void remember(RuleSetHistoryEntry entry) {
        history.addFirst(entry);
        while (history.size() > HISTORY_LIMIT) {
            history.removeLast();
        }
    }
}
