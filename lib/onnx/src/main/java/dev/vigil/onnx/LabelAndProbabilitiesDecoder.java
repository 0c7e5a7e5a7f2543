package dev.vigil.onnx;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.model.ModelManifest;
import dev.vigil.model.Task;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the scikit-learn (skl2onnx) and ai.onnx.ml classifier layout: a label tensor (int64 or string) plus
 * probabilities, either a float tensor {@code [N, C]} whose columns follow the manifest's label order, or a ZipMap
 * sequence of maps whose keys are matched to manifest labels by their string form ({@code 7} matches {@code "7"}).
 *
 * <p>Binary models ignore the graph's label and apply the manifest's decision threshold to P(labels[1]); multiclass
 * models take the graph's label (what the exporter's {@code predict()} returns), or the most probable class when
 * the graph has no label output.
 */
final class LabelAndProbabilitiesDecoder implements OutputDecoder {
    private final ModelManifest manifest;
    private final String probabilities;
    private final boolean zipMap;
    private final String label;
    private final Map<String, Integer> labelIndex;
    private final Set<String> outputs;

    private LabelAndProbabilitiesDecoder(ModelManifest manifest, String probabilities, boolean zipMap, String label) {
        this.manifest = manifest;
        this.probabilities = probabilities;
        this.zipMap = zipMap;
        this.label = label;
        this.labelIndex = new HashMap<>();
        for (int i = 0; i < manifest.labels().size(); i++) {
            labelIndex.put(manifest.labels().get(i), i);
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(probabilities);
        if (label != null) {
            names.add(label);
        }
        this.outputs = Set.copyOf(names);
    }

    static LabelAndProbabilitiesDecoder of(ModelManifest manifest, GraphSignature graph) {
        ValueSpec scores = Outputs.resolve(manifest, graph, manifest.output().scoresOutput(),
                LabelAndProbabilitiesDecoder::holdsProbabilities, "probabilities");
        boolean zipMap = scores.kind() == ValueSpec.Kind.SEQUENCE_OF_MAPS;
        if (!zipMap) {
            Outputs.checkScoreShape(manifest, scores);
        }
        String declaredLabel = manifest.output().labelOutput();
        String label = null;
        if (declaredLabel != null) {
            label = Outputs.resolve(manifest, graph, declaredLabel, ValueSpec::isLabelTensor, "class labels").name();
        } else {
            label = graph.outputs().stream().filter(ValueSpec::isLabelTensor).map(ValueSpec::name).findFirst()
                    .orElse(null);
        }
        boolean readLabel = manifest.task() == Task.MULTICLASS_CLASSIFICATION;
        return new LabelAndProbabilitiesDecoder(manifest, scores.name(), zipMap, readLabel ? label : null);
    }

    private static boolean holdsProbabilities(ValueSpec spec) {
        return spec.isRealTensor() || (spec.kind() == ValueSpec.Kind.SEQUENCE_OF_MAPS
                && ("FLOAT".equals(spec.elementType()) || "DOUBLE".equals(spec.elementType())));
    }

    @Override
    public Set<String> outputNames() {
        return outputs;
    }

    @Override
    public void decode(OrtSession.Result result, int rows, Predictions.Builder out, int offset) throws OrtException {
        if (zipMap) {
            readZipMap(result, rows, out, offset);
        } else {
            Outputs.writeProbabilities(Outputs.readReal(result, probabilities, manifest.ref()), false, rows, out,
                    offset, manifest);
        }
        if (manifest.task() == Task.BINARY_CLASSIFICATION) {
            Outputs.decideByThreshold(out, offset, rows, manifest.decisionThreshold());
        } else if (label != null) {
            readLabels(result, rows, out, offset);
        } else {
            Outputs.decideByArgmax(out, offset, rows);
        }
    }

    private void readZipMap(OrtSession.Result result, int rows, Predictions.Builder out, int offset)
            throws OrtException {
        if (!(Outputs.get(result, probabilities, manifest.ref()) instanceof OnnxSequence sequence)) {
            throw new InferenceException(manifest.ref(), "output '" + probabilities + "' is not a sequence of maps");
        }
        int classes = out.classes();
        List<? extends OnnxValue> maps = sequence.getValue();
        try {
            if (maps.size() < rows) {
                throw new InferenceException(manifest.ref(), "output '" + probabilities + "' has " + maps.size()
                        + " maps for " + rows + " input rows");
            }
            for (int r = 0; r < rows; r++) {
                Map<?, ?> entries = ((OnnxMap) maps.get(r)).getValue();
                if (entries.size() != classes) {
                    throw new InferenceException(manifest.ref(), "ZipMap output '" + probabilities + "' has "
                            + entries.size() + " classes " + entries.keySet() + " but the manifest lists " + classes
                            + " labels " + manifest.labels());
                }
                for (Map.Entry<?, ?> e : entries.entrySet()) {
                    int c = indexOf(e.getKey(), probabilities);
                    out.probabilities[(offset + r) * classes + c] = ((Number) e.getValue()).doubleValue();
                }
            }
        } finally {
            for (OnnxValue map : maps) {
                map.close();
            }
        }
    }

    private void readLabels(OrtSession.Result result, int rows, Predictions.Builder out, int offset)
            throws OrtException {
        if (!(Outputs.get(result, label, manifest.ref()) instanceof OnnxTensor tensor)
                || tensor.getInfo().getShape().length == 0 || tensor.getInfo().getShape()[0] < rows) {
            throw new InferenceException(manifest.ref(), "label output '" + label + "' is not one label per row");
        }
        switch (tensor.getInfo().type) {
            case INT64 -> {
                LongBuffer labels = tensor.getLongBuffer();
                for (int r = 0; r < rows; r++) {
                    out.labelIndex[offset + r] = indexOf(labels.get(r), label);
                }
            }
            case STRING -> {
                Object value = tensor.getValue();
                for (int r = 0; r < rows; r++) {
                    Object labelValue = value instanceof String[][] nested ? nested[r][0] : ((String[]) value)[r];
                    out.labelIndex[offset + r] = indexOf(labelValue, label);
                }
            }
            default -> throw new InferenceException(manifest.ref(), "label output '" + label + "' holds "
                    + tensor.getInfo().type + ", not int64 or string labels");
        }
    }

    private int indexOf(Object graphLabel, String output) {
        Integer index = labelIndex.get(graphLabel.toString());
        if (index == null) {
            throw new InferenceException(manifest.ref(), "output '" + output + "' gives class " + graphLabel
                    + ", which is not among the manifest labels " + manifest.labels());
        }
        return index;
    }
}
