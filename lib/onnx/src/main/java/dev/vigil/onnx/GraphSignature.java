package dev.vigil.onnx;

import ai.onnxruntime.NodeInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A loaded graph's inputs and outputs, in graph order, as ONNX Runtime reports them. */
public record GraphSignature(List<ValueSpec> inputs, List<ValueSpec> outputs) {
    public GraphSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    static GraphSignature of(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs) {
        return new GraphSignature(inputs.values().stream().map(ValueSpec::of).toList(),
                outputs.values().stream().map(ValueSpec::of).toList());
    }

    public Optional<ValueSpec> output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public List<String> outputNames() {
        return outputs.stream().map(ValueSpec::name).toList();
    }
}
