package dev.vigil.local;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.ObjectInfo;
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

    /** A ranged read (Parquet) counts its bytes; the object was counted when it was opened or listed for reading. */
    @Override
    public byte[] readRange(ObjectInfo object, long offset, int length) {
        byte[] bytes = super.readRange(object, offset, length);
        progress.bytes(bytes.length);
        return bytes;
    }

    @Override
    public Optional<InputStream> open(String key) {
        return super.open(key).map(in -> {
            progress.objectStarted();
            return progress.counting(in);
        });
    }
}
