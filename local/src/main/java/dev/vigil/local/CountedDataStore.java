package dev.vigil.local;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.StoredObject;
import java.io.InputStream;
import java.util.Optional;

/**
 * A data store whose reads are counted into a {@link Progress}: each object opened, and the bytes read from it. What
 * lets {@code evaluate --data} show progress while the evaluate function reads the files; everything else passes
 * through.
 */
final class CountedDataStore extends ForwardingBlobStore {
    private final Progress progress;

    CountedDataStore(BlobStore store, Progress progress) {
        super(store);
        this.progress = progress;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        Optional<StoredObject> object = super.get(key);
        object.ifPresent(o -> {
            progress.objectStarted();
            progress.bytes(o.bytes().length);
        });
        return object;
    }

    @Override
    public Optional<InputStream> open(String key) {
        return super.open(key).map(in -> {
            progress.objectStarted();
            return progress.counting(in);
        });
    }
}
