package dev.vigil.testkit.onnx;

import java.util.List;

/**
 * A multi-layer perceptron's parameters: ReLU after every layer but the last, whose scores go through softmax.
 *
 * @param layers dense layers in evaluation order
 */
public record MlpWeights(List<LinearWeights> layers) {
    public MlpWeights {
        layers = List.copyOf(layers);
    }
}
