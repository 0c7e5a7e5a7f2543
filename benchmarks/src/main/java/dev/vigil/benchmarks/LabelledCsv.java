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
 * A generated labelled dataset as evaluate reads it ({@code id,f0..f9,label} CSV with a header) and as the bare scorer
 * is fed it (the same float values, row-major in one array). Features are standard normal; each label is drawn from the
 * small tabular model's own probability, so metrics are informative but not perfect.
 */
record LabelledCsv(int rows, int features, float[] values, byte[] csv) {

    static LabelledCsv generate(int rows, long seed) {
        LinearWeights w = TestModels.smallTabular().weights();
        int features = w.coefficients()[0].length;
        float[][] x = TestModels.randomRows(rows, features, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[] values = new float[rows * features];
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 12 * (features + 2));
        StringBuilder line = new StringBuilder("id");
        for (int f = 0; f < features; f++) {
            line.append(",f").append(f);
        }
        line.append(",label\n");
        out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < rows; i++) {
            line.setLength(0);
            line.append('r').append(i);
            double z = w.intercepts()[0];
            for (int f = 0; f < features; f++) {
                float v = x[i][f];
                values[i * features + f] = v;
                z += w.coefficients()[0][f] * v;
                line.append(',').append(v);
            }
            double p = 1 / (1 + Math.exp(-z));
            line.append(',').append(random.nextDouble() < p ? '1' : '0').append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return new LabelledCsv(rows, features, values, out.toByteArray());
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
