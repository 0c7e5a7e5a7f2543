package dev.vigil.benchmarks;

import dev.vigil.testkit.onnx.LinearWeights;
import dev.vigil.testkit.onnx.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A generated labelled dataset as evaluate reads it ({@code id,f0..f9,label,label3,segment,group} CSV with a header)
 * and as the bare scorer is fed it (the same float values, row-major in one array). Features are standard normal;
 * {@code label} is drawn from the small tabular model's own probability and {@code label3} from the three-class
 * model's, so metrics are informative but not perfect. {@code segment} holds {@value #SEGMENTS} values
 * {@code s0..s9} (uniform; a slice column) and {@code group} {@code a} or {@code b} (60/40; a protected attribute).
 */
record LabelledCsv(int rows, int features, float[] values, byte[] csv) {
    /** Values of the {@code segment} column. */
    static final int SEGMENTS = 10;

    static LabelledCsv generate(int rows, long seed) {
        LinearWeights w = TestModels.smallTabular().weights();
        LinearWeights w3 = EvaluateBenchModel.MULTICLASS.linearWeights();
        int features = w.coefficients()[0].length;
        float[][] x = TestModels.randomRows(rows, features, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[] values = new float[rows * features];
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 12 * (features + 4));
        StringBuilder line = new StringBuilder("id");
        for (int f = 0; f < features; f++) {
            line.append(",f").append(f);
        }
        line.append(",label,label3,segment,group\n");
        out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        double[] z3 = new double[w3.targets()];
        for (int i = 0; i < rows; i++) {
            line.setLength(0);
            line.append('r').append(i);
            double z = w.intercepts()[0];
            for (int k = 0; k < z3.length; k++) {
                z3[k] = w3.intercepts()[k];
            }
            for (int f = 0; f < features; f++) {
                float v = x[i][f];
                values[i * features + f] = v;
                z += w.coefficients()[0][f] * v;
                for (int k = 0; k < z3.length; k++) {
                    z3[k] += w3.coefficients()[k][f] * v;
                }
                line.append(',').append(v);
            }
            double p = 1 / (1 + Math.exp(-z));
            line.append(',').append(random.nextDouble() < p ? '1' : '0');
            line.append(',').append(drawSoftmax(z3, random.nextDouble()));
            line.append(",s").append(random.nextInt(SEGMENTS));
            line.append(',').append(random.nextDouble() < 0.6 ? 'a' : 'b').append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return new LabelledCsv(rows, features, values, out.toByteArray());
    }

    /** The class {@code u} in [0, 1) falls on under softmax({@code z}). */
    private static int drawSoftmax(double[] z, double u) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double cumulative = 0;
        for (int k = 0; k < z.length - 1; k++) {
            cumulative += Math.exp(z[k] - max) / sum;
            if (u < cumulative) {
                return k;
            }
        }
        return z.length - 1;
    }

    /** The first {@code n} rows (header included). */
    LabelledCsv head(int n) {
        int newlines = 0;
        int end = 0;
        while (newlines <= n) {
            if (csv[end++] == '\n') {
                newlines++;
            }
        }
        byte[] bytes = java.util.Arrays.copyOf(csv, end);
        return new LabelledCsv(n, features, java.util.Arrays.copyOf(values, n * features), bytes);
    }

    byte[] gzipped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(csv.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            gz.write(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
