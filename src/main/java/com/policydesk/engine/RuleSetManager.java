package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps the active rule set and changes it safely: a candidate is built off the request path, checked (it must
 * compile and validate, then pass the {@link CandidateCheck}), and only then swapped in, atomically. A request
 * reads {@link #active()} once and decides on that snapshot to the end. Remembers what it saw, and keeps the
 * last valid versions for rollback. Reloads and rollbacks are serialised; reading the active set, the kept versions
 * or the history never waits.
 *
 * <p>With {@link Activation#MANUAL}, a candidate that passes every check does not go live: it becomes the pending
 * candidate, published by {@link #activate(String)} after review; a newer passing change replaces it.
 *
 * <p>Several replicas ({@link #publishThrough}): a version that would go live here (a change of the folder that
 * passed every check, a published pending candidate, a rollback) is published instead, and goes live only when it
 * comes back through {@link #install}, in the order every replica installs publications, on this replica as on the
 * others. A folder whose content this replica does not run (another replica's publication was installed) is held:
 * it is not published again until it changes.
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
        PENDING,
        /** Valid, and published to every replica (this one too), which install it in publication order. */
        PUBLISHED
    }

    /**
     * Where a version goes live when several replicas share one published version: a durable, ordered log of
     * publications (Kafka in {@code com.policydesk.cluster}) that every replica installs through {@link #install}.
     */
    public interface Publication {
        /**
         * Publishes the rule set, and returns once the publication is durable.
         *
         * @throws PublicationException when it could not be published (nothing goes live then)
         */
        Published publish(RuleSet ruleSet, String trigger);

        /** Waits until this replica has installed (or failed to install, or passed over) that publication. */
        boolean awaitInstalled(Published published, Duration timeout);
    }

    /** A publication: its version, and its position in the order every replica installs publications. */
    public record Published(String version, long sequence) {
    }

    /** A version could not be published: the change did not go live anywhere, this replica included. */
    public static final class PublicationException extends RuntimeException {
        public PublicationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A published pending candidate or a rollback: the history entry, and the publication in a cluster. */
    public record ActivationResult(RuleSetHistoryEntry entry, Published published) {
    }

    /** Whether a valid change goes live by itself or waits to be published. */
    public enum Activation {
        AUTO, MANUAL
    }

    /**
     * The outcome of a reload: its status, the version concerned, the history entry it wrote (if any), and the
     * publication when the status is {@link Status#PUBLISHED}.
     */
    public record ReloadResult(Status status, String version, RuleSetHistoryEntry entry, Published published) {
        public ReloadResult(Status status, String version, RuleSetHistoryEntry entry) {
            this(status, version, entry, null);
        }
    }

    /**
     * What installing a published version did: {@code ACTIVATED} (swapped in), {@code UNCHANGED} (already active),
     * or {@code REJECTED} (the files do not make a valid rule set here: the active version stays; the entry says why).
     */
    public record InstallResult(Status status, String version, RuleSetHistoryEntry entry) {
    }

    private static final int HISTORY_LIMIT = 100;
    /** Versions this replica published, kept until they come back, so that installing them compiles nothing. */
    private static final int PUBLISHED_KEPT = 4;

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
    /**
     * Copies of the kept versions and the history, replaced whole on each change under the lock and read without
     * it: showing them (GET /api/v1/ruleset) never waits for a reload, which runs at a low priority and may be slow
     * on a busy machine.
     */
    private volatile List<RuleSet> keptView = List.of();
    private volatile List<RuleSetHistoryEntry> historyView = List.of();
    private String lastRejectedHash;
    /**
     * The folder's content when the active version stopped being what it holds: an operator rolled back from it, or
     * (several replicas) another replica's publication was installed. That holds until the folder changes again, so
     * that a watcher's event for a save made before, or an admin reload of a folder that no one changed, does not
     * undo it (nor publish the folder's older content to every replica).
     */
    private String heldFolderHash;
    /** Several replicas: where versions go live; null for a single instance, which swaps them in itself. */
    private Publication publication;
    /** Prepares a published version installed here that was not built here (a warm-up), before the swap. */
    private Consumer<RuleSet> prepareInstalled = candidate -> { };
    private final Map<String, RuleSet> publishedHere = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RuleSet> eldest) {
            return size() > PUBLISHED_KEPT;
        }
    };
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
     * Several replicas: from now on a version that would go live is published instead, and goes live when it comes
     * back through {@link #install}.
     *
     * @param prepareInstalled run on a published version built here only to be installed (another replica's), before
     *                         it is swapped in: a warm-up
     */
    public synchronized void publishThrough(Publication publication, Consumer<RuleSet> prepareInstalled) {
        this.publication = Objects.requireNonNull(publication, "publication");
        this.prepareInstalled = Objects.requireNonNull(prepareInstalled, "prepareInstalled");
    }

    /**
     * Publishes this replica's active version (several replicas: the first replica of a cluster that has published
     * nothing yet, so that there is one version for all).
     */
    public synchronized Published publishActive(String trigger) {
        RuleSet current = active.get();
        publishedHere.put(current.version(), current);
        return requirePublication().publish(current, trigger);
    }

    /**
     * Installs a published version: the active one already, or one this replica knows (built, pending, kept), or
     * compiled from the published files, whose content must be exactly that version's. A valid version is swapped in
     * whatever the candidate check says (the publishing replica ran it); one that does not compile here is refused,
     * recorded in the history, and the active version stays.
     *
     * @param trigger for the history: who published it and why
     */
    public synchronized InstallResult install(String version, List<RuleFile> files, String trigger) {
        RuleSet current = active.get();
        if (current != null && current.version().equals(version)) {
            publishedHere.remove(version);
            holdFolder(version);
            return new InstallResult(Status.UNCHANGED, version, null);
        }
        RuleSet known = publishedHere.remove(version);
        if (known == null) {
            known = find(version).orElse(null);
        }
        RuleSet installed;
        if (known != null) {
            installed = known;
        } else {
            List<RuleSetProblem> problems = checkPublished(version, files);
            if (!problems.isEmpty()) {
                return refuseInstall(version, files, trigger, problems);
            }
            try {
                installed = loader.load(files, "published " + version);
            } catch (RuleSetException invalid) {
                return refuseInstall(version, files, trigger, invalid.problems());
            }
            prepareInstalled.accept(installed);
        }
        RuleSet waiting = pending;
        if (waiting != null && waiting.version().equals(version)) {
            pending = null;
        }
        activate(installed);
        holdFolder(version);
        return new InstallResult(Status.ACTIVATED, version, record(installed, trigger, RuleSetHistoryEntry.Outcome.ACTIVATED));
    }

    /** The files must be the published version's own: each file its hash, all of them the version's. */
    private static List<RuleSetProblem> checkPublished(String version, List<RuleFile> files) {
        List<RuleSetProblem> problems = new ArrayList<>();
        for (RuleFile file : files) {
            if (!Hashes.sha256Hex(file.content()).equals(file.sha256())) {
                problems.add(new RuleSetProblem(file.path(), 0, "the published content does not match its sha256 "
                        + file.sha256()));
            }
        }
        if (problems.isEmpty() && (files.isEmpty() || !RuleSetLoader.version(files).equals(version))) {
            problems.add(new RuleSetProblem(version, 0, "the published files make "
                    + (files.isEmpty() ? "no rule set" : "version " + RuleSetLoader.version(files))
                    + ", not " + version));
        }
        return problems;
    }

    private InstallResult refuseInstall(String version, List<RuleFile> files, String trigger, List<RuleSetProblem> problems) {
        RuleSetHistoryEntry entry = new RuleSetHistoryEntry(version, clock.instant(), trigger,
                RuleSetHistoryEntry.Outcome.REJECTED, RuleSetHistoryEntry.FileHash.of(files), problems, List.of());
        remember(entry);
        return new InstallResult(Status.REJECTED, version, entry);
    }

    /** The folder holds another version than the one now active: it is not published again until it changes. */
    private void holdFolder(String activeVersion) {
        try {
            List<RuleFile> files = source.read();
            heldFolderHash = RuleSetLoader.version(files).equals(activeVersion) ? null : Hashes.ofFiles(files);
        } catch (RuleSetException unreadable) {
            heldFolderHash = null;
        }
    }

    /**
     * Several replicas: waits until this replica has installed (or failed to install, or passed over) the
     * publication; false at the timeout. Alone: true at once.
     */
    public boolean awaitInstalled(Published published, Duration timeout) {
        Publication through;
        synchronized (this) {
            through = publication;
        }
        // Not under the lock: installing the publication takes it.
        return through == null || through.awaitInstalled(published, timeout);
    }

    private Publication requirePublication() {
        if (publication == null) {
            throw new IllegalStateException("this replica does not publish");
        }
        return publication;
    }

    private ReloadResult publish(RuleSet candidate, String trigger) {
        Published published = publication.publish(candidate, trigger);
        publishedHere.put(candidate.version(), candidate);
        return new ReloadResult(Status.PUBLISHED, candidate.version(),
                record(candidate, trigger, RuleSetHistoryEntry.Outcome.PUBLISHED), published);
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
        return keptView.stream().filter(ruleSet -> ruleSet.version().equals(version)).findFirst();
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
        if (!hash.equals(heldFolderHash)) {
            heldFolderHash = null;
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
        if (hash.equals(heldFolderHash)) {
            return new ReloadResult(Status.UNCHANGED, current == null ? version : current.version(), null);
        }
        if (publication != null && publishedHere.containsKey(version)) {
            // Published by an earlier reload (a save, then the watcher's event for it), and on its way back.
            return new ReloadResult(Status.PUBLISHED, version, null);
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
        if (publication != null) {
            return publish(candidate, trigger);
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
        return activateVersion(version).entry();
    }

    /**
     * As {@link #activate(String)}; with several replicas, the version is published (its entry says
     * {@code PUBLISHED}) and goes live when it comes back through {@link #install}.
     *
     * @throws IllegalArgumentException when that version is neither pending nor kept
     * @throws PublicationException     when it could not be published
     */
    public synchronized ActivationResult activateVersion(String version) {
        RuleSet waiting = pending;
        if (waiting != null && waiting.version().equals(version)) {
            if (publication != null) {
                ReloadResult published = publish(waiting, "publish");
                pending = null;
                return new ActivationResult(published.entry(), published.published());
            }
            pending = null;
            activate(waiting);
            return new ActivationResult(record(waiting, "publish", RuleSetHistoryEntry.Outcome.ACTIVATED), null);
        }
        RuleSet wanted = kept.stream().filter(ruleSet -> ruleSet.version().equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kept version " + version + "; kept: " + keptVersions()));
        if (publication != null) {
            ReloadResult published = publish(wanted, "rollback");
            return new ActivationResult(published.entry(), published.published());
        }
        activate(wanted);
        holdFolder(wanted.version());
        return new ActivationResult(record(wanted, "rollback", RuleSetHistoryEntry.Outcome.ROLLED_BACK), null);
    }

    public List<RuleSetHistoryEntry> history() {
        return historyView;
    }

    public List<String> keptVersions() {
        return keptView.stream().map(RuleSet::version).toList();
    }

    /** The last candidate refused since the active version was activated, if any. */
    public Optional<RuleSetHistoryEntry> lastRejected() {
        List<RuleSetHistoryEntry> seen = historyView;
        RuleSetHistoryEntry newest = seen.isEmpty() ? null : seen.get(0);
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
        keptView = List.copyOf(kept);
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
        historyView = List.copyOf(history);
    }
}
