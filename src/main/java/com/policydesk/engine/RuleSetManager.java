package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps the active rule set and changes it safely: a candidate is built off the request path, checked (it must
 * compile and validate, then pass the {@link CandidateCheck}), and only then swapped in, atomically. A request
 * reads {@link #active()} once and decides on that snapshot to the end. Remembers what it saw, and keeps the
 * last valid versions for rollback. Reloads and rollbacks are serialised; reading the active set never waits.
 *
 * <p>With {@link Activation#MANUAL}, a candidate that passes every check does not go live: it becomes the pending
 * candidate, published by {@link #activate(String)} after review; a newer passing change replaces it.
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
        ACTIVATED, REJECTED, UNCHANGED, STILL_REJECTED,
        /** Valid, and waiting for {@link #activate(String)} (manual activation). */
        PENDING
    }

    /** Whether a valid change goes live by itself or waits to be published. */
    public enum Activation {
        AUTO, MANUAL
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
    private final Activation activation;
    private final AtomicReference<RuleSet> active = new AtomicReference<>();
    private final Deque<RuleSet> kept = new ArrayDeque<>();
    private final Deque<RuleSetHistoryEntry> history = new ArrayDeque<>();
    private String lastRejectedHash;
    /**
     * The folder's content when an operator rolled back from it: a rollback holds until the folder changes again, so
     * that a watcher's event for a save made before the rollback does not undo it.
     */
    private String rolledBackFromHash;
    /** Read without the lock, so that showing it never waits for a reload. */
    private volatile RuleSet pending;

    public RuleSetManager(RuleSetLoader loader, RuleSource source, CandidateCheck check, Clock clock, int keep) {
        this(loader, source, check, candidate -> { }, clock, keep, Activation.AUTO);
    }

    public RuleSetManager(RuleSetLoader loader, RuleSource source, CandidateCheck check, Clock clock, int keep,
                          Activation activation) {
        this(loader, source, check, candidate -> { }, clock, keep, activation);
    }

    /**
     * A manager that also prepares each candidate that passed its checks before it goes live or pending (a
     * warm-up), so that the first requests on a new version are as fast as the last ones on the old; in
     * {@code MANUAL} activation, a valid change waits as the pending candidate until it is activated.
     */
    public RuleSetManager(RuleSetLoader loader, RuleSource source, CandidateCheck check, Consumer<RuleSet> prepare,
                          Clock clock, int keep, Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
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

    /** The candidate waiting to be published (manual activation), if any. */
    public Optional<RuleSet> pending() {
        return Optional.ofNullable(pending);
    }

    /** The active, pending or a kept version of that name. */
    public Optional<RuleSet> find(String version) {
        RuleSet current = active.get();
        RuleSet waiting = pending;
        if (current != null && current.version().equals(version)) {
            return Optional.of(current);
        }
        if (waiting != null && waiting.version().equals(version)) {
            return Optional.of(waiting);
        }
        synchronized (this) {
            return kept.stream().filter(ruleSet -> ruleSet.version().equals(version)).findFirst();
        }
    }

    /**
     * Reads the source and activates what it holds if it is new and passes every check (or, with manual
     * activation, makes it the pending candidate). Files that did not change since the active version, the pending
     * candidate or the last rejected candidate are not built again. Files back to the active version withdraw the
     * pending candidate.
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
        if (!hash.equals(rolledBackFromHash)) {
            rolledBackFromHash = null;
        }
        RuleSet current = active.get();
        if (current != null && current.version().equals(version)) {
            pending = null;
            return new ReloadResult(Status.UNCHANGED, version, null);
        }
        RuleSet waiting = pending;
        if (waiting != null && waiting.version().equals(version)) {
            return new ReloadResult(Status.PENDING, version, null);
        }
        if (hash.equals(lastRejectedHash)) {
            return new ReloadResult(Status.STILL_REJECTED, version, null);
        }
        if (hash.equals(rolledBackFromHash)) {
            return new ReloadResult(Status.UNCHANGED, current == null ? version : current.version(), null);
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
        lastRejectedHash = null;
        if (activation == Activation.MANUAL) {
            pending = candidate;
            return new ReloadResult(Status.PENDING, version, record(candidate, trigger, RuleSetHistoryEntry.Outcome.PENDING));
        }
        activate(candidate);
        return new ReloadResult(Status.ACTIVATED, version, record(candidate, trigger, RuleSetHistoryEntry.Outcome.ACTIVATED));
    }

    /**
     * Publishes the pending candidate, or activates a kept version again (a rollback, or forward after one).
     *
     * @throws IllegalArgumentException when that version is neither pending nor kept
     */
    public synchronized RuleSetHistoryEntry activate(String version) {
        RuleSet waiting = pending;
        if (waiting != null && waiting.version().equals(version)) {
            pending = null;
            activate(waiting);
            return record(waiting, "publish", RuleSetHistoryEntry.Outcome.ACTIVATED);
        }
        RuleSet wanted = kept.stream().filter(ruleSet -> ruleSet.version().equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kept version " + version + "; kept: " + keptVersions()));
        activate(wanted);
        rolledBackFromHash = currentFolderHash();
        return record(wanted, "rollback", RuleSetHistoryEntry.Outcome.ROLLED_BACK);
    }

    private String currentFolderHash() {
        try {
            return Hashes.ofFiles(source.read());
        } catch (RuleSetException unreadable) {
            return null;
        }
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
