package dev.vigil.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.json.Json;
import dev.vigil.model.Baseline;
import dev.vigil.model.Distribution;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drift against reference/drift.json, computed with numpy (bins, PSI) and scipy.stats.ks_2samp (KS). */
class DriftReferenceTest {
    private static final String PREDICTION = "prediction";
    private static JsonNode fixture;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = DriftReferenceTest.class.getResourceAsStream("/reference/drift.json")) {
            fixture = Json.MAPPER.readTree(in);
        }
    }

    @Test
    void trainingDistributionReproducesTheReferenceBinEdgesAndCounts() {
        DistributionOptions options = new DistributionOptions(fixture.get("bins").asInt(), 100, 1L);
        for (JsonNode feature : fixture.get("features")) {
            Distribution built = TrainingDistribution.of(doubles(feature.get("training")), options);
            String name = feature.get("feature").asText();
            assertArrayEquals(doubles(feature.get("binEdges")), built.binEdges(), name + " edges");
            assertArrayEquals(longs(feature.get("binCounts")), built.binCounts(), name + " counts");
        }
    }

    @Test
    void psiAndKsMatchNumpyAndScipyOnTheReferenceData() {
        assertEquals(PopulationStabilityIndex.EMPTY_BIN_PROPORTION, fixture.get("psiEpsilon").asDouble());
        List<String> features = new ArrayList<>();
        Map<String, Distribution> distributions = new LinkedHashMap<>();
        Distribution predictionBaseline = null;
        List<double[]> live = new ArrayList<>();
        double[] livePredictions = null;
        for (JsonNode feature : fixture.get("features")) {
            String name = feature.get("feature").asText();
            Distribution d = new Distribution(doubles(feature.get("binEdges")), longs(feature.get("binCounts")),
                    doubles(feature.get("sample")));
            if (name.equals(PREDICTION)) {
                predictionBaseline = d;
                livePredictions = doubles(feature.get("live"));
            } else {
                features.add(name);
                distributions.put(name, d);
                live.add(doubles(feature.get("live")));
            }
        }
        Baseline baseline = new Baseline(2000, distributions, predictionBaseline);
        DriftAccumulator accumulator = new DriftAccumulator(features, baseline);
        for (int i = 0; i < livePredictions.length; i++) {
            double[] row = new double[features.size()];
            for (int f = 0; f < row.length; f++) {
                row[f] = live.get(f)[i];
            }
            accumulator.add(row, livePredictions[i], i);
        }
        DriftState state = accumulator.state();
        DriftReport report = state.report(baseline, DriftThresholds.DEFAULT);
        assertTrue(report.exactKs());
        for (JsonNode expected : fixture.get("features")) {
            String name = expected.get("feature").asText();
            FeatureDrift drift = name.equals(PREDICTION) ? report.prediction()
                    : report.features().get(features.indexOf(name));
            assertEquals(name, drift.feature());
            assertClose(expected.get("psi").asDouble(), drift.psi(), name + " PSI");
            assertClose(expected.get("ks").asDouble(), drift.ks(), name + " KS");
            long[] counts = name.equals(PREDICTION) ? state.predictionBinCounts()
                    : state.binCounts()[features.indexOf(name)];
            assertArrayEquals(longs(expected.get("liveBinCounts")), counts, name + " live counts");
        }
        assertEquals(report.features().stream().mapToDouble(FeatureDrift::psi).max().orElseThrow(),
                report.maxFeaturePsi());
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
