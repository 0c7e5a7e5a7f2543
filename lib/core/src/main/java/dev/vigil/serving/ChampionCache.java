package dev.vigil.serving;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Keeps each model's champion loaded for the life of the container. The champion pointer is re-read at most once
 * per TTL; a new version is loaded beside the old one and swapped in atomically. If the new version cannot be
 * downloaded, verified or loaded, the last good version keeps serving and the failure is reported once per TTL.
 * Models are reference-counted, so a swapped-out model is closed only after its last in-flight request.
 */
public final class ChampionCache<M extends AutoCloseable> implements AutoCloseable {
    private static final int MAX_MODELS = 256;

    /** Hears about swaps and failures, for logs and metrics. */
    public interface Listener {
        void swapped(String model, String fromVersion, String toVersion, long loadMillis);

        /**
         * The champion pointer of {@code model} could not be read ({@code version} is {@code "(pointer)"}), or
         * {@code version} could not be loaded; {@code servingVersion} is what keeps serving, null when nothing does.
         */
        void swapFailed(String model, String version, String servingVersion, Exception cause);
    }

    private final ChampionSource<M> source;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Listener listener;
    private final ConcurrentHashMap<String, Entry<M>> entries = new ConcurrentHashMap<>();

    public ChampionCache(ChampionSource<M> source, Duration ttl, Listener listener) {
        this(source, ttl, listener, System::nanoTime);
    }

    public ChampionCache(ChampionSource<M> source, Duration ttl, Listener listener, LongSupplier nanoClock) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.listener = listener;
        this.nanoClock = nanoClock;
    }

    /**
     * Leases the champion of {@code model}; close the lease when the request is done.
     *
     * @throws ApiException UNKNOWN_MODEL when the model has no champion, NO_SERVABLE_MODEL when none could be loaded
     */
    public Lease<M> lease(String model) {
        if (entries.size() >= MAX_MODELS && !entries.containsKey(model)) {
            entries.values().removeIf(e -> e.current == null); // forget names that never had a champion
        }
        Entry<M> entry = entries.computeIfAbsent(model, k -> new Entry<>());
        long now = nanoClock.getAsLong();
        if (entry.checkedAt == 0 || now - entry.checkedAt >= ttlNanos) {
            refresh(model, entry);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Loaded<M> current = entry.current;
            if (current == null) {
                break;
            }
            if (current.retain()) {
                return new Lease<>(current);
            }
        }
        if (entry.absent) {
            throw new ApiException(ErrorKind.UNKNOWN_MODEL, "no model named \"" + model + "\" has a champion version");
        }
        throw new ApiException(ErrorKind.NO_SERVABLE_MODEL,
                "model \"" + model + "\" has no version that could be loaded; see the ModelSwapFailed metric");
    }

    /** The version currently served for {@code model}, if one is loaded. */
    public Optional<String> servedVersion(String model) {
        Entry<M> e = entries.get(model);
        return e == null || e.current == null ? Optional.empty() : Optional.of(e.current.version);
    }

    /** Makes the next lease of every model re-read its champion pointer (e.g. after a SnapStart restore). */
    public void expireAll() {
        for (Entry<M> e : entries.values()) {
            e.checkedAt = 0;
        }
    }

    private void refresh(String model, Entry<M> entry) {
        synchronized (entry) {
            long now = nanoClock.getAsLong();
            if (entry.checkedAt != 0 && now - entry.checkedAt < ttlNanos) {
                return; // another thread refreshed while we waited
            }
            entry.checkedAt = now == 0 ? 1 : now;
            String wanted;
            try {
                Optional<String> champion = source.championVersion(model);
                entry.absent = champion.isEmpty();
                if (champion.isEmpty()) {
                    return; // keep serving what we have, if anything: a deleted pointer is not a reason to go dark
                }
                wanted = champion.get();
            } catch (Exception e) {
                listener.swapFailed(model, "(pointer)", servingVersion(entry), e);
                return;
            }
            Loaded<M> current = entry.current;
            if (current != null && current.version.equals(wanted)) {
                return;
            }
            long start = System.nanoTime();
            M loaded;
            try {
                loaded = source.load(model, wanted);
            } catch (Exception e) {
                listener.swapFailed(model, wanted, servingVersion(entry), e);
                return;
            }
            entry.current = new Loaded<>(wanted, loaded);
            listener.swapped(model, current == null ? null : current.version, wanted,
                    (System.nanoTime() - start) / 1_000_000);
            if (current != null) {
                current.release();
            }
        }
    }

    private static String servingVersion(Entry<?> entry) {
        Loaded<?> current = entry.current;
        return current == null ? null : current.version;
    }

    @Override
    public void close() {
        for (Entry<M> e : entries.values()) {
            synchronized (e) {
                if (e.current != null) {
                    e.current.release();
                    e.current = null;
                }
            }
        }
        entries.clear();
    }

    private static final class Entry<M extends AutoCloseable> {
        volatile Loaded<M> current;
        volatile long checkedAt;
        volatile boolean absent;
    }

    private static final class Loaded<M extends AutoCloseable> {
        final String version;
        final M model;
        private final AtomicInteger refs = new AtomicInteger(1); // the cache's own reference

        Loaded(String version, M model) {
            this.version = version;
            this.model = model;
        }

        boolean retain() {
            int r;
            do {
                r = refs.get();
                if (r == 0) {
                    return false;
                }
            } while (!refs.compareAndSet(r, r + 1));
            return true;
        }

        void release() {
            if (refs.decrementAndGet() == 0) {
                try {
                    model.close();
                } catch (Exception ignored) {
                    // closing native memory cannot usefully fail the request that happened to release it last
                }
            }
        }
    }

    /** One request's hold on a loaded model version. */
    public static final class Lease<M extends AutoCloseable> implements AutoCloseable {
        private final Loaded<M> loaded;
        private boolean closed;

        private Lease(Loaded<M> loaded) {
            this.loaded = loaded;
        }

        public M model() {
            return loaded.model;
        }

        public String version() {
            return loaded.version;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                loaded.release();
            }
        }
    }
}
