package dev.vigil.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.MlpWeights;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Loading, metadata, concurrency, bad rows and closing. */
class OnnxModelLifecycleTest {

    @Test
    void closedModelRefusesPredict() {
        TestModel<LinearWeights> model = TestModels.smallTabular();
        OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes());
        onnx.predict(TestModels.randomRows(1, 10, 1));
        onnx.close();
        onnx.close();
        assertTrue(onnx.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> onnx.predict(TestModels.randomRows(1, 10, 1)));
        assertEquals("m@v1 is closed", e.getMessage());
    }

    @Test
    void signatureReportsTheGraphsInputAndOutputs() {
        TestModel<LinearWeights> model = TestModels.sklearnLogisticRegression(4, new long[] {0, 1}, true);
        try (OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes())) {
            GraphSignature signature = onnx.signature();
            assertEquals(List.of(new ValueSpec("float_input", ValueSpec.Kind.TENSOR, "FLOAT", null, List.of(-1L, 4L))),
                    signature.inputs());
            assertEquals(List.of(
                    new ValueSpec("output_label", ValueSpec.Kind.TENSOR, "INT64", null, List.of(-1L)),
                    new ValueSpec("output_probability", ValueSpec.Kind.SEQUENCE_OF_MAPS, "FLOAT", "INT64", List.of())),
                    signature.outputs());
            assertEquals("seq(map(INT64, FLOAT))", signature.outputs().get(1).describe());
            assertEquals(4, onnx.featureCount());
        }
    }

    @Test
    void rowWithWrongLengthIsTheCallersError() {
        TestModel<LinearWeights> model = TestModels.smallTabular();
        try (OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> onnx.predict(new float[][] {new float[10], new float[9]}));
            assertTrue(e.getMessage().startsWith("row 1 has 9 values; m@v1 takes 10 features"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> onnx.predict(new float[25], 3));
        }
    }

    @Test
    void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
        TestModel<MlpWeights> model = TestModels.mlp(16, 64, 2, 3, 5);
        float[][] rows = TestModels.randomRows(50, 16, 2);
        try (OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes())) {
            Predictions sequential = onnx.predict(rows);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> checks = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    checks.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            int row = (i * 7 + thread) % rows.length;
                            Predictions one = onnx.predict(new float[][] {rows[row]});
                            assertArrayEquals(sequential.probabilities(row), one.probabilities(0), 1e-6);
                        }
                        return 200;
                    }));
                }
                for (Future<Integer> check : checks) {
                    assertEquals(200, check.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closingDuringConcurrentPredictionsOnlyEverRefusesLaterCalls() throws Exception {
        TestModel<MlpWeights> model = TestModels.mlp(16, 256, 2, 3, 6);
        float[][] rows = TestModels.randomRows(4, 16, 3);
        OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes());
        AtomicInteger served = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(3);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Throwable>> endings = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                endings.add(pool.submit(() -> {
                    started.countDown();
                    while (true) {
                        try {
                            assertEquals(4, onnx.predict(rows).size());
                            served.incrementAndGet();
                        } catch (Throwable e) {
                            return e;
                        }
                    }
                }));
            }
            started.await();
            while (served.get() < 20) {
                Thread.onSpinWait();
            }
            onnx.close();
            for (Future<Throwable> ending : endings) {
                Throwable e = ending.get(60, TimeUnit.SECONDS);
                assertTrue(e instanceof IllegalStateException, () -> "unexpected " + e);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void modelLoadsWithSeveralIntraOpThreads() {
        TestModel<LinearWeights> model = TestModels.torchClassifier(6, 4, true);
        try (OnnxModel onnx = OnnxModel.load(model.manifest("m", "v1"), model.bytes(), new SessionSettings(2))) {
            assertEquals(3, onnx.predict(TestModels.randomRows(3, 6, 4)).size());
        }
    }
}
