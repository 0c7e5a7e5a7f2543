package dev.vigil.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
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
    void threadsComeFromTheLambdaMemorySizeVariable() {
        assertEquals(2, SessionSettings.fromEnvironment(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "4096"))
                .intraOpThreads());
        assertEquals(SessionSettings.DEFAULT, SessionSettings.fromEnvironment(Map.of()));
        assertEquals(SessionSettings.DEFAULT,
                SessionSettings.fromEnvironment(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots")));
    }

    @Test
    void atLeastOneThread() {
        assertThrows(IllegalArgumentException.class, () -> new SessionSettings(0));
    }
}
