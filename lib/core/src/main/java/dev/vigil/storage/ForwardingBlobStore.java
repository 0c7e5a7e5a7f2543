package dev.vigil.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link BlobStore} that passes every call to another one, ranged reads included (so a decorator keeps its
 * delegate's ranged GET rather than the interface's stream-and-skip default): the base of decorators that watch or
 * count some calls and override only those.
 */
public abstract class ForwardingBlobStore implements BlobStore {
    private final BlobStore delegate;

    protected ForwardingBlobStore(BlobStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The store calls are passed to. */
    protected final BlobStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return delegate.get(key);
    }

    @Override
    public Optional<InputStream> open(String key) {
        return delegate.open(key);
    }

    @Override
    public byte[] readRange(ObjectInfo object, long offset, int length) {
        return delegate.readRange(object, offset, length);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return delegate.head(key);
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        return delegate.put(key, bytes, contentType);
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        return delegate.putIfAbsent(key, bytes, contentType);
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag) {
        return delegate.putIfMatch(key, bytes, contentType, expectedETag);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public String location() {
        return delegate.location();
    }
}
