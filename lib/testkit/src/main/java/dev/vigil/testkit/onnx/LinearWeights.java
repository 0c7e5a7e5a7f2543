package dev.vigil.testkit.onnx;

/**
 * One dense layer's parameters: {@code scores = coefficients · x + intercepts}.
 *
 * @param coefficients {@code [targets][features]}, row j producing score j (PyTorch's {@code nn.Linear.weight} layout)
 * @param intercepts {@code [targets]}
 */
public record LinearWeights(float[][] coefficients, float[] intercepts) {
    public LinearWeights {
        if (coefficients.length != intercepts.length) {
            throw new IllegalArgumentException("one intercept per coefficient row");
        }
    }

    public int targets() {
        return intercepts.length;
    }

    public int features() {
        return coefficients[0].length;
    }

    /** Row-major {@code [targets * features]}, the attribute layout of ai.onnx.ml LinearClassifier/Regressor. */
    public float[] flatCoefficients() {
        float[] flat = new float[targets() * features()];
        for (int j = 0; j < targets(); j++) {
            System.arraycopy(coefficients[j], 0, flat, j * features(), features());
        }
        return flat;
    }

    /** Row-major {@code [features * targets]}, the initializer layout of {@code MatMul(input, W)}. */
    public float[] transposedCoefficients() {
        float[] flat = new float[features() * targets()];
        for (int j = 0; j < targets(); j++) {
            for (int i = 0; i < features(); i++) {
                flat[i * targets() + j] = coefficients[j][i];
            }
        }
        return flat;
    }
}
