package dev.vigil.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void softmaxOfHugeLogitsStaysFinite() {
        double[] v = {0, 1000, 1001, 999, 0};
        Activations.softmaxInPlace(v, 1, 3);
        double sum = Math.exp(-1) + 1 + Math.exp(-2);
        assertArrayEquals(new double[] {0, Math.exp(-1) / sum, 1 / sum, Math.exp(-2) / sum, 0}, v, 1e-15);
    }

    @Test
    void sigmoidOfLargeMagnitudesStaysFiniteAndPrecise() {
        assertEquals(0.0, Activations.sigmoid(-1000));
        assertEquals(1.0, Activations.sigmoid(1000));
        assertEquals(0.5, Activations.sigmoid(0));
        double tiny = Activations.sigmoid(-40);
        assertTrue(tiny > 0);
        assertEquals(Math.exp(-40), tiny, 1e-30);
    }
}
