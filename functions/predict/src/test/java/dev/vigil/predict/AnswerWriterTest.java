package dev.vigil.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.onnx.OnnxModel;
import dev.vigil.onnx.Predictions;
import dev.vigil.serving.PredictionIds;
import dev.vigil.testkit.onnx.TestModel;
import dev.vigil.testkit.onnx.TestModels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link AnswerWriter}'s answers against Jackson's generator ({@link ServedModel#answerJsonGeneral}), byte for byte,
 * on many generated batches of binary, multi-class and regression models: values from tiny to huge (probabilities
 * at and near 0 and 1), generated ids and ids a caller sent, including ids only the generator writes.
 */
class AnswerWriterTest {
    private static final int BATCHES = 400;

    @Test
    void everyAnswerIsTheGeneratorsByteForByte() {
        SplittableRandom random = new SplittableRandom(11);
        PredictionIds generator = PredictionIds.seeded(() -> 1_780_000_000_000L, 5);
        List<TestModel<?>> models = List.of(TestModels.sklearnLogisticRegression(4, PredictHandlerTest.LABELS, true),
                TestModels.torchClassifier(5, 3, true), TestModels.sklearnLinearRegressor(6));
        int written = 0;
        for (TestModel<?> testModel : models) {
            try (ServedModel served = new ServedModel(OnnxModel.load(testModel.manifest("m", "v1"), testModel.bytes()),
                    1000)) {
                int width = served.manifest().features().size();
                for (int b = 0; b < BATCHES; b++) {
                    int rows = 1 + random.nextInt(b % 10 == 0 ? 200 : 8);
                    float[] values = new float[rows * width];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = value(random);
                    }
                    Predictions p = served.predict(dev.vigil.serving.ParsedRequest.of(values, rows, width));
                    String[] ids = generator.next(rows);
                    String[] sent = null;
                    if (random.nextBoolean()) {
                        sent = new String[rows];
                        for (int i = 0; i < rows; i++) {
                            if (random.nextBoolean()) {
                                sent[i] = random.nextInt(20) == 0 ? "needs \"escaping\" \u00e9" : "id-" + i;
                                ids[i] = sent[i];
                            }
                        }
                    }
                    String requestId = random.nextInt(10) == 0 ? "rq\\" + b : generator.next();
                    String expected = served.answerJsonGeneral(p, ids, requestId);
                    assertEquals(expected, served.answerJson(p, ids, sent, requestId), "batch " + b);
                    written++;
                }
            }
        }
        assertTrue(written == models.size() * BATCHES);
    }

    private static float value(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> (float) (random.nextGaussian() * 2);
            case 1 -> (float) (random.nextGaussian() * 1e4); // probabilities at 0 and 1
            case 2 -> (float) (random.nextGaussian() * 1e-6);
            case 3 -> random.nextInt(21) - 10;
            default -> (float) (random.nextGaussian() * 40);
        };
    }
}
