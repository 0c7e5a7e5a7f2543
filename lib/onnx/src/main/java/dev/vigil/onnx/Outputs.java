package dev.vigil.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.ModelRef;
import dev.vigil.model.Task;
import dev.vigil.registry.ModelRejectedException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Reading and checking graph outputs: shared by the decoders. */
final class Outputs {
    private Outputs() {}

    /** A real-valued output tensor, widened to double, with its actual shape. */
    record RealTensor(String name, double[] data, long[] shape) {
        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /**
     * The output the manifest names, or else the first one that {@code fits}.
     *
     * @throws ModelRejectedException when the named output is missing or does not fit, or none fits
     */
    static ValueSpec resolve(ModelManifest manifest, GraphSignature graph, String declared, Predicate<ValueSpec> fits,
            String role) {
        if (declared != null) {
            ValueSpec spec = graph.output(declared).orElseThrow(() -> new ModelRejectedException(manifest.ref()
                    + ": the manifest names " + role + " output '" + declared + "' but the graph's outputs are "
                    + graph.outputNames()));
            if (!fits.test(spec)) {
                throw new ModelRejectedException(manifest.ref() + ": " + role + " output '" + declared + "' is "
                        + spec.describe() + ", which cannot be read as " + role);
            }
            return spec;
        }
        return graph.outputs().stream().filter(fits).findFirst().orElseThrow(() -> new ModelRejectedException(
                manifest.ref() + ": no graph output can be read as " + role + "; outputs are " + describe(graph)));
    }

    /**
     * Checks a score tensor's declared shape against the labels: {@code [N, C]} with C = labels.size(), or for a
     * binary model {@code [N]} / {@code [N, 1]} holding the positive class. Unknown dimensions pass.
     */
    static void checkScoreShape(ModelManifest manifest, ValueSpec spec) {
        int classes = manifest.labels().size();
        boolean binary = manifest.task() == Task.BINARY_CLASSIFICATION;
        if (spec.rank() == 2) {
            long columns = spec.dim(1);
            if (columns != ValueSpec.DYNAMIC && columns != classes && !(binary && columns == 1)) {
                throw new ModelRejectedException(manifest.ref() + ": output '" + spec.name() + "' has " + columns
                        + (columns == 1 ? " column" : " columns") + " but the manifest lists " + classes + " labels "
                        + manifest.labels()
                        + (binary ? " (a binary model may also output one positive-class column)" : ""));
            }
        } else if (spec.rank() == 1 && !binary) {
            throw new ModelRejectedException(manifest.ref() + ": output '" + spec.name() + "' is " + spec.describe()
                    + ", one score per row, which only a binary model can have; the manifest lists " + classes
                    + " labels");
        } else if (spec.rank() > 2) {
            throw new ModelRejectedException(manifest.ref() + ": output '" + spec.name() + "' is " + spec.describe()
                    + "; class scores must be [N, " + classes + "]" + (binary ? ", [N, 1] or [N]" : ""));
        }
    }

    static OnnxValue get(OrtSession.Result result, String name, ModelRef model) {
        return result.get(name).orElseThrow(() -> new InferenceException(model, "output '" + name + "' is missing"));
    }

    /** Reads a float or double tensor output as doubles. */
    static RealTensor readReal(OrtSession.Result result, String name, ModelRef model) {
        if (!(get(result, name, model) instanceof OnnxTensor tensor)) {
            throw new InferenceException(model, "output '" + name + "' is not a tensor");
        }
        long[] shape = tensor.getInfo().getShape();
        return switch (tensor.getInfo().type) {
            case FLOAT -> {
                FloatBuffer buffer = tensor.getFloatBuffer();
                double[] data = new double[buffer.remaining()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = buffer.get(i);
                }
                yield new RealTensor(name, data, shape);
            }
            case DOUBLE -> {
                DoubleBuffer buffer = tensor.getDoubleBuffer();
                double[] data = new double[buffer.remaining()];
                buffer.get(data);
                yield new RealTensor(name, data, shape);
            }
            default -> throw new InferenceException(model, "output '" + name + "' holds " + tensor.getInfo().type
                    + ", not float scores");
        };
    }

    /**
     * Writes class probabilities from a score tensor into {@code out}: {@code [n, C]} columns in manifest label order
     * (softmax first when {@code logits}), or for binary models one positive-class score per row in {@code [n]} or
     * {@code [n, 1]} (sigmoid first when {@code logits}).
     */
    static void writeProbabilities(RealTensor scores, boolean logits, int rows, Predictions.Builder out, int offset,
            ModelManifest manifest) {
        int classes = out.classes();
        long[] shape = scores.shape();
        boolean binary = manifest.task() == Task.BINARY_CLASSIFICATION;
        if (shape.length == 0 || shape[0] < rows) {
            throw new InferenceException(manifest.ref(), "output '" + scores.name() + "' has shape "
                    + scores.shapeText() + " for " + rows + " input rows");
        }
        double[] p = out.probabilities;
        double[] data = scores.data();
        if (shape.length == 2 && shape[1] == classes) {
            System.arraycopy(data, 0, p, offset * classes, rows * classes);
            if (logits) {
                for (int r = 0; r < rows; r++) {
                    Activations.softmaxInPlace(p, (offset + r) * classes, classes);
                }
            }
        } else if (binary && (shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
            for (int r = 0; r < rows; r++) {
                double positive = logits ? Activations.sigmoid(data[r]) : data[r];
                p[(offset + r) * 2] = 1.0 - positive;
                p[(offset + r) * 2 + 1] = positive;
            }
        } else {
            throw new InferenceException(manifest.ref(), "output '" + scores.name() + "' has shape "
                    + scores.shapeText() + " but the manifest lists " + classes + " labels " + manifest.labels());
        }
    }

    /** Binary rule: the positive label (labels[1]) when its probability is at or above the manifest's threshold. */
    static void decideByThreshold(Predictions.Builder out, int offset, int rows, double threshold) {
        for (int r = offset; r < offset + rows; r++) {
            out.labelIndex[r] = out.probabilities[r * 2 + 1] >= threshold ? 1 : 0;
        }
    }

    /** Multiclass rule without a label output: the most probable class (the first on ties). */
    static void decideByArgmax(Predictions.Builder out, int offset, int rows) {
        int classes = out.classes();
        for (int r = offset; r < offset + rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (out.probabilities[r * classes + c] > out.probabilities[r * classes + best]) {
                    best = c;
                }
            }
            out.labelIndex[r] = best;
        }
    }

    private static List<String> describe(GraphSignature graph) {
        return graph.outputs().stream().map(o -> o.name() + ": " + o.describe()).toList();
    }
}
