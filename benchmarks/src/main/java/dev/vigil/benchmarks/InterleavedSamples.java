package dev.vigil.benchmarks;

import dev.vigil.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Durations of the layers of one request — bare call, ONNX wrapper, service, handler — taken in turn within each
 * round, so that load drifting on a shared machine (other builds on the same cores, caches and memory bandwidth)
 * slows every layer alike instead of whichever benchmark happened to run at the time. At most {@value #CAPACITY}
 * rounds are kept.
 */
final class InterleavedSamples {
    static final int CAPACITY = 500_000;
    /** System property naming the directory the medians are written to at the end of a trial. */
    static final String DIRECTORY_PROPERTY = "vigil.bench.interleaved";

    private final List<String> layers;
    private final long[][] nanos;
    private int rounds;

    InterleavedSamples(List<String> layers) {
        this.layers = List.copyOf(layers);
        this.nanos = new long[layers.size()][CAPACITY];
    }

    /** Records one round, {@code round[i]} being layer i's duration; ignored once full. */
    void add(long[] round) {
        if (rounds < CAPACITY) {
            for (int i = 0; i < round.length; i++) {
                nanos[i][rounds] = round[i];
            }
            rounds++;
        }
    }

    /**
     * Writes {@code {"rounds": n, "p50": {layer: µs}, "p90": {layer: µs}}} as {@code name.json} in the directory the
     * system property names, if it is set and anything was recorded.
     */
    void writeMedians(String name) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || rounds == 0) {
            return;
        }
        Map<String, Object> p50 = new LinkedHashMap<>();
        Map<String, Object> p90 = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            long[] sorted = Arrays.copyOf(nanos[i], rounds);
            Arrays.sort(sorted);
            p50.put(layers.get(i), sorted[rounds / 2] / 1000.0);
            p90.put(layers.get(i), sorted[(int) (rounds * 0.9)] / 1000.0);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", rounds);
        m.put("p50", p50);
        m.put("p90", p90);
        try {
            Path dir = Files.createDirectories(Path.of(directory));
            Files.writeString(dir.resolve(name + ".json"), Json.toPrettyString(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
