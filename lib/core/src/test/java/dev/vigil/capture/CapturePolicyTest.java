package dev.vigil.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapturePolicyTest {
    @Test
    void aPolicySamplesNothingExactlyWhenNoIdIsSampled() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (double rate : new double[] {0.0, Double.MIN_VALUE, 1e-12, 0.25, 1.0}) {
            CapturePolicy.ModelPolicy policy = new CapturePolicy.ModelPolicy(rate, List.of(), List.of());
            boolean anySampled = false;
            for (int i = 0; i < 200_000; i++) {
                IdHash hash = new IdHash(random.nextLong(), random.nextLong());
                if (policy.sampled(hash)) {
                    anySampled = true;
                }
                if (policy.samplesNothing()) {
                    assertFalse(policy.sampled(hash), "rate " + rate);
                }
            }
            // the extremes of h1 decide the smallest rates: 0 samples the least hash too
            if (policy.sampled(new IdHash(0L, 0L))) {
                anySampled = true;
            }
            assertEquals(!anySampled, policy.samplesNothing(), "rate " + rate);
        }
    }

    @Test
    void readsPerModelPoliciesWithAFallbackForEveryOtherModel() {
        CapturePolicy policy = CapturePolicy.parse("{\"churn\": {\"sample\": 0.25, \"drop\": [\"age\"],"
                + " \"pseudonymise\": [\"postcode\"]}, \"*\": {\"sample\": 0.5}}");
        assertEquals(new CapturePolicy.ModelPolicy(0.25, List.of("age"), List.of("postcode")),
                policy.forModel("churn"));
        assertEquals(new CapturePolicy.ModelPolicy(0.5, List.of(), List.of()), policy.forModel("upsell"));
        assertTrue(policy.pseudonymises());
        assertEquals(policy, CapturePolicy.parse(policy.toJson()), "the JSON form reads back");
    }

    @Test
    void withoutAPolicyEveryPredictionIsCapturedWhole() {
        assertEquals(CapturePolicy.ModelPolicy.WHOLE, CapturePolicy.DEFAULT.forModel("churn"));
        assertEquals(CapturePolicy.ModelPolicy.WHOLE, CapturePolicy.parse("{}").forModel("churn"));
        assertEquals(CapturePolicy.ModelPolicy.WHOLE, CapturePolicy.parse("{\"churn\": {}}").forModel("churn"));
        assertFalse(CapturePolicy.DEFAULT.pseudonymises());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1]", "{\"churn\": 1}", "{\"churn\": {\"sample\": 1.5}}",
        "{\"churn\": {\"sample\": \"half\"}}", "{\"churn\": {\"sampel\": 0.5}}", "{\"churn\": {\"drop\": \"age\"}}",
        "{\"churn\": {\"drop\": [1]}}", "{\"churn\": {\"drop\": [\"age\"], \"pseudonymise\": [\"age\"]}}",
        "{\"bad name!\": {}}"})
    void aPolicyThatCannotBeReadSaysWhy(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CapturePolicy.parse(json));
        assertTrue(e.getMessage().length() > 10 && !e.getMessage().contains("Exception"), e.getMessage());
    }

    /** The same id always gets the same decision, and a rate keeps about that share of ids. */
    @Test
    void samplingKeepsTheRatesShareOfSeededIdsAndTheSameIdsEveryTime() {
        var quarter = new CapturePolicy.ModelPolicy(0.25, List.of(), List.of());
        var half = new CapturePolicy.ModelPolicy(0.5, List.of(), List.of());
        int n = 40_000;
        int inQuarter = 0;
        var ids = dev.vigil.serving.PredictionIds.seeded(() -> 1_796_040_000_000L, 99);
        for (int i = 0; i < n; i++) {
            IdHash hash = IdHash.of(ids.next());
            boolean q = quarter.sampled(hash);
            assertEquals(q, quarter.sampled(hash));
            if (q) {
                inQuarter++;
                assertTrue(half.sampled(hash), "a larger rate keeps a superset");
            }
            assertTrue(CapturePolicy.ModelPolicy.WHOLE.sampled(hash));
            assertFalse(new CapturePolicy.ModelPolicy(0, List.of(), List.of()).sampled(hash));
        }
        double share = inQuarter / (double) n;
        assertEquals(0.25, share, 4 * Math.sqrt(0.25 * 0.75 / n), "share " + share); // four standard errors
    }
}
