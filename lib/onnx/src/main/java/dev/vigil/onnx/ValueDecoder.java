package dev.vigil.onnx;

import ai.onnxruntime.OrtSession;
import dev.vigil.model.ModelManifest;
import dev.vigil.registry.ModelRejectedException;
import java.util.Set;

/** Reads a regression output: a float or double tensor {@code [N]} or {@code [N, 1]}. */
final class ValueDecoder implements OutputDecoder {
    private final ModelManifest manifest;
    private final String output;

    private ValueDecoder(ModelManifest manifest, String output) {
        this.manifest = manifest;
        this.output = output;
    }

    static ValueDecoder of(ModelManifest manifest, GraphSignature graph) {
        ValueSpec spec = Outputs.resolve(manifest, graph, manifest.output().scoresOutput(), ValueSpec::isRealTensor,
                "regression values");
        boolean oneColumn = spec.rank() == 2 && (spec.dim(1) == 1 || spec.dim(1) == ValueSpec.DYNAMIC);
        if (spec.rank() > 0 && spec.rank() != 1 && !oneColumn) {
            throw new ModelRejectedException(manifest.ref() + ": output '" + spec.name() + "' is " + spec.describe()
                    + "; a regression model must output [N] or [N, 1]");
        }
        return new ValueDecoder(manifest, spec.name());
    }

    @Override
    public Set<String> outputNames() {
        return Set.of(output);
    }

    @Override
    public void decode(OrtSession.Result result, int rows, Predictions.Builder out, int offset) {
        Outputs.RealTensor values = Outputs.readReal(result, output, manifest.ref());
        long[] shape = values.shape();
        boolean fits = (shape.length == 1 || (shape.length == 2 && shape[1] == 1)) && shape[0] >= rows;
        if (!fits) {
            throw new InferenceException(manifest.ref(), "output '" + output + "' has shape " + values.shapeText()
                    + " for " + rows + " input rows; a regression model must output [N] or [N, 1]");
        }
        System.arraycopy(values.data(), 0, out.values, offset, rows);
    }
}
