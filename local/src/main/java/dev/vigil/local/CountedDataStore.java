package dev.vigil.local;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StoredObject;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A data store whose reads are counted into a {@link Progress}: each object opened, and the bytes read from it. What
 * lets {@code evaluate --data} show progress while the evaluate function reads the files; writes pass through.
 */
final class CountedDataStore implements BlobStore {
    private final BlobStore store;
    private final Progress progress;

    CountedDataStore(BlobStore store, Progress progress) {
        this.store = store;
        this.progress = progress;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Optional<StoredObject> object = store.get(key);
        object.ifPresent(o -> {
            progress.objectStarted();
            progress.bytes(o.bytes().length);
        });
        return object;
    }

    @Override
    public Optional<InputStream> open(String key) {
        return store.open(key).map(in -> {
            progress.objectStarted();
            return progress.counting(in);
        });
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return store.head(key);
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        return store.put(key, bytes, contentType);
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        return store.putIfAbsent(key, bytes, contentType);
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag) {
        return store.putIfMatch(key, bytes, contentType, expectedETag);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public String location() {
        return store.location();
    }
}
