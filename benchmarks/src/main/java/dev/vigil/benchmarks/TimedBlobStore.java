package dev.vigil.benchmarks;

import dev.vigil.storage.BlobStore;
import dev.vigil.storage.ForwardingBlobStore;
import dev.vigil.storage.ObjectInfo;
import dev.vigil.storage.StoredObject;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A store that times each request it forwards, by operation and by the kind of key (the file name, or the first
 * path segment for data and listings), so a warm invocation's fixed cost can be broken down by request. Not
 * thread-safe beyond the synchronised tally; the times include the emulator's answer.
 */
final class TimedBlobStore extends ForwardingBlobStore {
    /** Calls and nanoseconds per "bucket op kind". */
    private final Map<String, long[]> tally;
    private final String name;

    TimedBlobStore(BlobStore delegate, String name, Map<String, long[]> tally) {
        super(delegate);
        this.name = name;
        this.tally = tally;
    }

    private <T> T timed(String op, String key, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            long nanos = System.nanoTime() - start;
            synchronized (tally) {
                long[] t = tally.computeIfAbsent(name + " " + op + " " + kind(key), k -> new long[2]);
                t[0]++;
                t[1] += nanos;
            }
        }
    }

    /** The file name of a key under a run or version ("report.html", "index.json"), else its last segment. */
    static String kind(String key) {
        if (key.endsWith("/")) {
            return key.replaceAll("[0-9]{8}T[^/]*", "<run>").replaceAll("dt=[^/]*", "dt=*");
        }
        int slash = key.lastIndexOf('/');
        String file = key.substring(slash + 1);
        if (key.contains("/runs/")) {
            return "runs/*/" + file;
        }
        if (key.startsWith("shards/")) {
            return "shards/*/" + file.replaceAll("[0-9]+", "N");
        }
        if (key.startsWith("labelled/")) {
            return "labelled/*";
        }
        return key.replaceAll("/v[0-9]+/", "/<v>/");
    }

    /** Prints the tally, largest total first, and clears it. */
    static void print(Map<String, long[]> tally, int invocations) {
        synchronized (tally) {
            long total = tally.values().stream().mapToLong(t -> t[1]).sum();
            System.out.printf("  S3 requests per invocation: %.1f, %.1f ms in total%n",
                    tally.values().stream().mapToLong(t -> t[0]).sum() / (double) invocations,
                    total / 1e6 / invocations);
            new TreeMap<>(tally).entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                    .forEach(e -> System.out.printf("    %-58s %5.1f calls %7.2f ms%n", e.getKey(),
                            e.getValue()[0] / (double) invocations, e.getValue()[1] / 1e6 / invocations));
            tally.clear();
        }
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return timed("get", key, () -> super.get(key));
    }

    @Override
    public Optional<InputStream> open(String key) {
        return timed("open", key, () -> super.open(key));
    }

    @Override
    public byte[] readRange(ObjectInfo object, long offset, int length) {
        return timed("range", object.key(), () -> super.readRange(object, offset, length));
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return timed("head", key, () -> super.head(key));
    }

    @Override
    public String put(String key, byte[] bytes, String contentType) {
        return timed("put", key, () -> super.put(key, bytes, contentType));
    }

    @Override
    public String putIfAbsent(String key, byte[] bytes, String contentType) {
        return timed("putIfAbsent", key, () -> super.putIfAbsent(key, bytes, contentType));
    }

    @Override
    public String putIfMatch(String key, byte[] bytes, String contentType, String expectedETag) {
        return timed("putIfMatch", key, () -> super.putIfMatch(key, bytes, contentType, expectedETag));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return timed("list", prefix, () -> super.list(prefix));
    }
}
