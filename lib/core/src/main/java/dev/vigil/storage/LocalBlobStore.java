package dev.vigil.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} in a local directory, for the local runner and tests: one file per key under the root.
 *
 * <p>Writes go to a temporary file that is then renamed into place atomically. The entity tag is the hex SHA-256
 * of the content. Writes hold an exclusive lock (a JVM lock plus a file lock on {@code .vigil/lock}), so
 * conditional writes are compare-and-set across threads and processes sharing the directory. Keys may not escape
 * the root, and the {@code .vigil/} directory is reserved for the store's own files.
 */
public final class LocalBlobStore implements BlobStore {
    private static final String INTERNAL_DIR = ".vigil";
    private static final Duration CACHE_AFTER = Duration.ofSeconds(2);
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path tmpDir;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private final Map<Path, CachedTag> tags = new ConcurrentHashMap<>();

    /** Opens (creating if needed) a store rooted at {@code root}. */
    public LocalBlobStore(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            this.tmpDir = Files.createDirectories(this.root.resolve(INTERNAL_DIR).resolve("tmp"));
            this.lockFile = this.root.resolve(INTERNAL_DIR).resolve("lock");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + root + " as a blob store directory", e);
        }
        this.jvmLock = JVM_LOCKS.computeIfAbsent(this.root, r -> new ReentrantLock());
    }

    public Path root() {
        return root;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Path file = resolve(key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(new StoredObject(key, bytes, Sha256.hex(bytes)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        Path file = resolve(key);
        if (Files.isDirectory(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + key, e);
        }
    }

    /** A positional read of the file; the version read is checked by size and modification time, as listed. */
    @Override
    public byte[] readRange(ObjectInfo object, long offset, int length) {
        ObjectRanges.check(object, offset, length);
        Path file = resolve(object.key());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
            if (now.size() != object.size() || (object.lastModified() != null
                    && !now.lastModifiedTime().toInstant().equals(object.lastModified()))) {
                throw new PreconditionFailedException(object.key(), "it changed since it was listed");
            }
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new PreconditionFailedException(object.key(), "it is shorter than when it was listed");
                }
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            throw new PreconditionFailedException(object.key(), "it was listed but no longer exists");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + object.key(), e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        Path file = resolve(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(info(key, file, attributes));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + key, e);
        }
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        Path file = resolve(key);
        return locked(() -> write(file, bytes));
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        Path file = resolve(key);
        return locked(() -> {
            if (Files.exists(file)) {
                throw new PreconditionFailedException(key, "already exists");
            }
            return write(file, bytes);
        });
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag) {
        Path file = resolve(key);
        return locked(() -> {
            String current;
            try {
                current = hashOf(file);
            } catch (NoSuchFileException e) {
                throw new PreconditionFailedException(key, "does not exist");
            }
            if (!current.equals(expectedETag)) {
                throw new PreconditionFailedException(key, "changed since it was read");
            }
            return write(file, bytes);
        });
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        String safePrefix = prefix == null ? "" : prefix;
        int slash = safePrefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(safePrefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        Path internal = root.resolve(INTERNAL_DIR);
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.startsWith(internal)) {
                    continue;
                }
                String key = keyOf(file);
                if (!key.startsWith(safePrefix)) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        found.add(info(key, file, attributes));
                    }
                } catch (NoSuchFileException replacedWhileListing) {
                    // a concurrent rename removed it; the listing reflects the moment each file was seen
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + safePrefix, e);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    private Path resolve(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid key: " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid key (empty, '.' or '..' segment): " + key);
            }
        }
        if (key.equals(INTERNAL_DIR) || key.startsWith(INTERNAL_DIR + "/")) {
            throw new IllegalArgumentException("keys under " + INTERNAL_DIR + "/ are reserved: " + key);
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key escapes the store root: " + key);
        }
        return file;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private ObjectInfo info(String key, Path file, BasicFileAttributes attributes) throws IOException {
        return new ObjectInfo(key, attributes.size(), eTagOf(file, attributes), null,
                attributes.lastModifiedTime().toInstant());
    }

    /**
     * The content hash, cached per file identity for files last modified well in the past, so listing a large
     * dataset does not rehash unchanged files while a file replaced since (even one reusing an inode) is rehashed.
     */
    private String eTagOf(Path file, BasicFileAttributes attributes) throws IOException {
        CachedTag cached = tags.get(file);
        if (cached != null && cached.matches(attributes)) {
            return cached.eTag;
        }
        String eTag = hashOf(file);
        Instant modified = attributes.lastModifiedTime().toInstant();
        if (modified.isBefore(Instant.now().minus(CACHE_AFTER))) {
            tags.put(file, new CachedTag(attributes.fileKey(), attributes.size(), modified, eTag));
        }
        return eTag;
    }

    private static String hashOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.hex(in);
        }
    }

    private String write(Path file, byte[] bytes) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("a key cannot also be a key prefix here: " + keyOf(file));
        }
        Files.createDirectories(file.getParent());
        Path tmp = tmpDir.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system under " + root + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Sha256.hex(bytes);
    }

    private <T> T locked(IoAction<T> action) {
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                return action.run();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("write failed under " + root, e);
        } finally {
            jvmLock.unlock();
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    private record CachedTag(Object fileKey, long size, Instant modified, String eTag) {
        boolean matches(BasicFileAttributes attributes) {
            return fileKey != null && fileKey.equals(attributes.fileKey()) && size == attributes.size()
                    && modified.equals(attributes.lastModifiedTime().toInstant());
        }
    }
}
