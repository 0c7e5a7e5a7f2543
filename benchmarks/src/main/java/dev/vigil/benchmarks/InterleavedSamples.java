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
 * Durations of the layers of one request — bare call, ONNX wrapper, service, handler — taken in short blocks that
 * take turns, so that load drifting on a shared machine (other builds on the same cores, caches and memory bandwidth)
 * slows every layer alike instead of whichever benchmark happened to run at the time. At most {@value #CAPACITY}
 * samples a layer are kept.
 */
final class InterleavedSamples {
    static final int CAPACITY = 500_000;
    /** System property naming the directory the medians are written to at the end of a trial. */
    static final String DIRECTORY_PROPERTY = "vigil.bench.interleaved";

    private final List<String> layers;
    private final long[][] nanos;
    private final int[] counts;

    InterleavedSamples(List<String> layers) {
        this.layers = List.copyOf(layers);
        this.nanos = new long[layers.size()][CAPACITY];
        this.counts = new int[layers.size()];
    }

    /** Records one duration of layer {@code layer}; ignored once that layer is full. */
    void add(int layer, long durationNanos) {
        if (counts[layer] < CAPACITY) {
            nanos[layer][counts[layer]++] = durationNanos;
        }
    }

    /**
     * Writes {@code {"samples": {layer: n}, "p50": {layer: µs}, "p90": {layer: µs}}} as {@code name.json} in the
     * directory the system property names, if it is set and every layer has samples.
     */
    void writeMedians(String name) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || Arrays.stream(counts).anyMatch(c -> c == 0)) {
            return;
        }
        Map<String, Object> samples = new LinkedHashMap<>();
        Map<String, Object> p50 = new LinkedHashMap<>();
        Map<String, Object> p90 = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            long[] sorted = Arrays.copyOf(nanos[i], counts[i]);
            Arrays.sort(sorted);
            samples.put(layers.get(i), counts[i]);
            p50.put(layers.get(i), sorted[counts[i] / 2] / 1000.0);
            p90.put(layers.get(i), sorted[(int) (counts[i] * 0.9)] / 1000.0);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
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
