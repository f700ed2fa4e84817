package com.policydesk.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a rule set's files come from: a folder on disk, or the copy of rules/ bundled into the application. */
public sealed interface RuleSource {
    /** The class-path folder the build copies rules/ into. */
    String BUNDLED_BASE = "policydesk-bundled-rules";

    /** Reads the files as they are now. */
    List<RuleFile> read();

    /** Says where, for logs and for the rule-set summary. */
    String describe();

    /** The folder, when the files come from one (the only kind that can change at run time). */
    Optional<Path> folder();

    /** The folder when it exists; otherwise the bundled copy, so the packaged app runs from anywhere. */
    static RuleSource folderOrBundled(Path folder, ClassLoader loader) {
        return Files.isDirectory(folder) ? new Folder(folder.toAbsolutePath().normalize()) : new Bundled(loader);
    }

    record Folder(Path path) implements RuleSource {
        @Override
        public List<RuleFile> read() {
            return RuleFiles.fromFolder(path);
        }

        @Override
        public String describe() {
            return path.toString();
        }

        @Override
        public Optional<Path> folder() {
            return Optional.of(path);
        }
    }

    record Bundled(ClassLoader loader) implements RuleSource {
        @Override
        public List<RuleFile> read() {
            return RuleFiles.fromClasspath(BUNDLED_BASE, loader);
        }

        @Override
        public String describe() {
            return "the rules bundled into the application (classpath:" + BUNDLED_BASE + ")";
        }

        @Override
        public Optional<Path> folder() {
            return Optional.empty();
        }
    }
}
