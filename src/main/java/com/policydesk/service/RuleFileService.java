package com.policydesk.service;

import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleFiles;
import com.policydesk.engine.RulePath;
import com.policydesk.engine.RuleSetHistoryEntry;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.engine.RuleSetManager;
import com.policydesk.engine.RuleSource;
import com.policydesk.error.RuleSetException;
import com.policydesk.service.RuleEditRefusedException.Reason;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workbench's edits of rule files: read one with its hash, and save a DMN table. A save is checked before it is
 * written (the file must not have changed since the edit started, and the rule set with it must compile); then it
 * is written atomically and reloaded, and whether it goes live is the reload's business (the scenario gate, the
 * activation setting). DRL is never accepted: it is Java code.
 */
@Singleton
public class RuleFileService {
    private static final Logger LOG = Logger.getLogger(RuleFileService.class);
    static final String TRIGGER = "workbench";

    private final RuleSource source;
    private final RuleSetLoader loader;
    private final RuleSetService rules;

    RuleFileService(RuleSource source, RuleSetLoader loader, RuleSetService rules) {
        this.source = source;
        this.loader = loader;
        this.rules = rules;
    }

    /** A rule file as it is now: in the rules folder, or in the active rule set when it runs from the bundled copy. */
    public RuleFile read(String path) {
        RulePath rulePath = parse(path);
        Optional<Path> folder = source.folder();
        if (folder.isEmpty()) {
            return rules.current().files().stream().filter(file -> file.path().equals(rulePath.value())).findFirst()
                    .orElseThrow(() -> notFound(rulePath));
        }
        return readFile(rulePath, folder.get());
    }

    /**
     * Saves a DMN file that was edited from the version with hash {@code baseSha256}.
     *
     * @throws RuleEditRefusedException when nothing was written, and why
     */
    public synchronized SaveOutcome save(String path, String content, String baseSha256) {
        RulePath rulePath = parse(path);
        if (rulePath.isDrl()) {
            throw new RuleEditRefusedException(Reason.DRL_NOT_ACCEPTED,
                    "DRL is never accepted over HTTP: it is Java code. Edit .drl files in the rules folder.");
        }
        Path folder = source.folder().orElseThrow(() -> new RuleEditRefusedException(Reason.NO_RULES_FOLDER,
                "the service runs from the rules bundled into the application; start it with a rules folder "
                        + "(policydesk.rules.dir) to edit rules"));
        RuleFile current = readFile(rulePath, folder);
        if (!current.sha256().equals(baseSha256)) {
            throw new RuleEditRefusedException(Reason.CONFLICT, rulePath.value() + " changed since this edit started "
                    + "(from " + baseSha256 + ", now " + current.sha256() + "); reopen it and apply the edit again",
                    baseSha256, current.sha256(), List.of());
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        RuleFile edited = RuleFile.of(rulePath.value(), bytes);
        String candidate = compile(folder, edited);
        write(rulePath.in(folder), bytes);
        LOG.infof("event=rule_file_saved path=%s sha256=%s previous=%s trigger=%s", edited.path(), edited.sha256(),
                current.sha256(), TRIGGER);
        RuleSetManager.ReloadResult result = rules.reload(TRIGGER);
        RuleSetHistoryEntry rejection = switch (result.status()) {
            case REJECTED -> result.entry();
            case STILL_REJECTED -> rules.lastRejected().orElse(null);
            case ACTIVATED, UNCHANGED, PENDING, PUBLISHED -> null;
        };
        return new SaveOutcome(edited.path(), edited.sha256(), result.status().name(), candidate,
                rules.current().version(), rejection);
    }

    /** Compiles the rule set the folder would hold with the edited file: only a valid one is written. */
    private String compile(Path folder, RuleFile edited) {
        List<RuleFile> files = new ArrayList<>(RuleFiles.fromFolder(folder));
        files.replaceAll(file -> file.path().equals(edited.path()) ? edited : file);
        try {
            return loader.load(files, folder.toString()).version();
        } catch (RuleSetException invalid) {
            throw new RuleEditRefusedException(Reason.INVALID_CANDIDATE, "the rule set with this " + edited.path()
                    + " does not compile; nothing was written", null, null, invalid.problems());
        }
    }

    /** Temp file then move, so that the watcher and readers never see half a file. */
    private static void write(Path file, byte[] bytes) {
        try {
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, bytes);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static RuleFile readFile(RulePath path, Path folder) {
        Path file = path.in(folder);
        if (!Files.isRegularFile(file)) {
            throw notFound(path);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return RuleFile.of(path.value(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static RulePath parse(String path) {
        try {
            return new RulePath(path);
        } catch (IllegalArgumentException bad) {
            throw new RuleEditRefusedException(Reason.BAD_PATH, bad.getMessage());
        }
    }

    private static RuleEditRefusedException notFound(RulePath path) {
        return new RuleEditRefusedException(Reason.NOT_FOUND, "no rule file " + path.value());
    }

    /**
     * What a save did: the file's new hash, the reload's status ({@code ACTIVATED}, {@code REJECTED}, or any status
     * the reload reports, such as a pending candidate), the candidate's version, the version now active, and the
     * rejection report when the candidate was refused.
     */
    public record SaveOutcome(String path, String sha256, String status, String version, String active,
                              RuleSetHistoryEntry rejection) {
    }
}
