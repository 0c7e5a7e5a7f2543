package dev.vigil.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SessionSettingsTest {

    @Test
    void lambdaMemoryBuysOneThreadPerWholeVcpu() {
        assertEquals(1, SessionSettings.forLambdaMemory(128).intraOpThreads());
        assertEquals(1, SessionSettings.forLambdaMemory(1769).intraOpThreads());
        assertEquals(1, SessionSettings.forLambdaMemory(3537).intraOpThreads());
        assertEquals(2, SessionSettings.forLambdaMemory(3538).intraOpThreads());
        assertEquals(5, SessionSettings.forLambdaMemory(10240).intraOpThreads());
    }

    @Test
    void atLeastOneThread() {
        assertThrows(IllegalArgumentException.class, () -> new SessionSettings(0));
    }
}
