package com.policydesk.engine;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.kie.api.definition.KiePackage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compiled DRL packages kept on disk, keyed by the hash of the DRL files and the engine version, so that the same
 * files are compiled once: restarts, rollbacks and other replicas on the same files read them back instead.
 * An entry is checked before it is trusted (format, key and a SHA-256 of its content); one that fails is deleted
 * and reported as a miss, so the caller compiles again. Entries come from two places: the application itself
 * (compiled by the build for the bundled rules, read-only) and a folder the service owns.
 * <p>
 * Reading an entry deserializes it, so the folder must be writable by this user alone: a folder that others can
 * write is refused, and deserialization only accepts the classes a compiled package is made of.
 */
public final class CompileCache {
    /** Changes when the layout of an entry, or what it holds, changes. */
    static final String FORMAT = "policydesk-compiled-drl/1";
    /** Where the build puts the compiled bundled rules, on the class path. */
    public static final String BUNDLED_BASE = "policydesk-compiled-rules";
    private static final byte[] MAGIC = "PDCC\u0001".getBytes(StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".drlc";
    private static final System.Logger LOG = System.getLogger(CompileCache.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    /** What a compiled package is made of; anything else in an entry is refused before it is instantiated. */
    private static final ObjectInputFilter PACKAGE_CLASSES = ObjectInputFilter.Config.createFilter(
            "java.**;org.drools.**;org.kie.**;org.mvel2.**;com.policydesk.**;!*");

    private final Path folder;
    private final String bundledBase;
    private final ClassLoader classLoader;
    private final int maxEntries;

    private CompileCache(Path folder, String bundledBase, ClassLoader classLoader, int maxEntries) {
        this.folder = folder;
        this.bundledBase = bundledBase;
        this.classLoader = classLoader;
        this.maxEntries = maxEntries;
    }

    /** No cache: every load compiles. */
    public static CompileCache none() {
        return new CompileCache(null, null, CompileCache.class.getClassLoader(), 0);
    }

    /**
     * A cache in {@code folder} (created owner-only when missing), holding at most {@code maxEntries}, that also
     * reads the entries the build compiled into the application under the class-path folder {@code bundledBase}.
     *
     * @throws IllegalStateException when the folder can be written by others than its owner, or cannot be made
     */
    public static CompileCache in(Path folder, String bundledBase, ClassLoader classLoader, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
        return new CompileCache(ownerOnlyFolder(folder), bundledBase, classLoader, maxEntries);
    }

    /** Only the entries compiled into the application, for a service that keeps no files of its own. */
    public static CompileCache bundledOnly(String bundledBase, ClassLoader classLoader) {
        return new CompileCache(null, bundledBase, classLoader, 0);
    }

    /** The key of a set of DRL files: their paths and contents, the engine's version and this cache's format. */
    static String key(List<RuleFile> drlFiles) {
        return Hashes.sha256Hex((FORMAT + "\n" + EngineVersion.DROOLS + "\n" + Hashes.ofFiles(drlFiles))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The packages stored under the key, if an entry exists and passes every check. */
    Optional<Collection<KiePackage>> read(String key) {
        Optional<byte[]> entry = readBundled(key).or(() -> readFolder(key));
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(deserialize(decode(key, entry.get())));
        } catch (IOException | ClassNotFoundException | RuntimeException unusable) {
            LOG.log(System.Logger.Level.WARNING, "Compile cache entry " + key + " is unusable and is compiled again: "
                    + unusable);
            deleteQuietly(key);
            return Optional.empty();
        }
    }

    /** Stores the packages under the key; a failure to write only costs a compile later, so it is logged, not thrown. */
    void write(String key, Collection<KiePackage> packages) {
        if (folder == null) {
            return;
        }
        try {
            byte[] entry = encode(key, serialize(packages));
            Path temporary = Files.createTempFile(folder, key, ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            Files.write(temporary, entry);
            move(temporary, entryPath(key));
            evictBeyondLimit();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot write compile cache entry " + key + ": " + e);
        }
    }

    /** Writes an entry as the build does for the bundled rules: into a plain folder, with no limit. */
    static void writeBundled(Path target, String key, Collection<KiePackage> packages) throws IOException {
        Files.createDirectories(target);
        Files.write(target.resolve(key + SUFFIX), encode(key, serialize(packages)));
    }

    static String fileName(String key) {
        return key + SUFFIX;
    }

    // An entry: MAGIC, the key (UTF), the payload's length and SHA-256, the payload.
    static byte[] encode(String key, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeUTF(key);
            out.writeInt(payload.length);
            out.write(Hashes.sha256Bytes(payload));
            out.write(payload);
        }
        return bytes.toByteArray();
    }

    static byte[] decode(String key, byte[] entry) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a compile cache entry");
            }
            if (!key.equals(in.readUTF())) {
                throw new IOException("the entry is for other files");
            }
            int length = in.readInt();
            byte[] checksum = in.readNBytes(32);
            byte[] payload = in.readNBytes(Math.max(length, 0));
            if (payload.length != length || in.read() != -1) {
                throw new IOException("the entry is truncated or has trailing bytes");
            }
            if (!Arrays.equals(checksum, Hashes.sha256Bytes(payload))) {
                throw new IOException("the entry's checksum does not match its content");
            }
            return payload;
        }
    }

    /** The size of these packages serialized as an entry holds them: what a write costs, without the file. */
    static int serializedSize(Collection<KiePackage> packages) {
        try {
            return serialize(packages).length;
        } catch (IOException e) {
            throw new UncheckedIOException("compiled packages cannot be serialized", e);
        }
    }

    private static byte[] serialize(Collection<KiePackage> packages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(packages));
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private Collection<KiePackage> deserialize(byte[] payload) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new DroolsObjectInputStream(new ByteArrayInputStream(payload), classLoader)) {
            in.setObjectInputFilter(PACKAGE_CLASSES);
            Object read = in.readObject();
            if (!(read instanceof List<?> list) || !list.stream().allMatch(KiePackage.class::isInstance)) {
                throw new IOException("the entry does not hold compiled packages");
            }
            return (Collection<KiePackage>) list;
        }
    }

    private Optional<byte[]> readBundled(String key) {
        if (bundledBase == null) {
            return Optional.empty();
        }
        try (InputStream in = classLoader.getResourceAsStream(bundledBase + "/" + fileName(key))) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> readFolder(String key) {
        if (folder == null) {
            return Optional.empty();
        }
        Path entry = entryPath(key);
        try {
            byte[] bytes = Files.readAllBytes(entry);
            // Recently used entries are the last to be evicted.
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(bytes);
        } catch (IOException missing) {
            return Optional.empty();
        }
    }

    private void evictBeyondLimit() throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(folder)) {
            entries = files.filter(path -> path.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(CompileCache::lastModified).reversed())
                    .toList();
        }
        for (Path stale : entries.subList(Math.min(maxEntries, entries.size()), entries.size())) {
            Files.deleteIfExists(stale);
        }
    }

    private void deleteQuietly(String key) {
        if (folder != null) {
            try {
                Files.deleteIfExists(entryPath(key));
            } catch (IOException ignored) {
                // The next write replaces it anyway.
            }
        }
    }

    private Path entryPath(String key) {
        return folder.resolve(fileName(key));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    private static Path ownerOnlyFolder(Path folder) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(folder)) {
                if (posix) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
                } else {
                    Files.createDirectories(folder);
                }
            }
            if (posix) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
                if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new IllegalStateException("the compile cache folder " + folder.toAbsolutePath() + " can be written by"
                            + " others (" + PosixFilePermissions.toString(permissions) + "): its entries are deserialized,"
                            + " so it must be writable by its owner alone (chmod 700)");
                }
            }
            return folder;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the compile cache folder " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
